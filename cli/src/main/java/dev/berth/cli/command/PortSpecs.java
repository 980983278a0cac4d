package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** -p and --expose as the API wants them: ExposedPorts {"80/tcp":{}} and PortBindings {"80/tcp":[{HostIp, HostPort}]}. */
public record PortSpecs(Map<String, Object> exposed, Map<String, List<Map<String, String>>> bindings) {

    public static PortSpecs parse(List<String> publish, List<String> expose) {
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        for (String spec : expose) {
            exposed.put(withProtocol(spec), Map.of());
        }
        for (String spec : publish) {
            String hostIp = "";
            String hostPort = "";
            String rest = spec;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("invalid published port: " + spec);
                }
                hostIp = rest.substring(1, close);
                rest = rest.substring(close + 2);
            }
            String[] parts = rest.split(":", -1);
            String containerPort;
            switch (parts.length) {
                case 1 -> containerPort = parts[0];
                case 2 -> {
                    hostPort = parts[0];
                    containerPort = parts[1];
                }
                case 3 -> {
                    if (!hostIp.isEmpty()) {
                        throw new IllegalArgumentException("invalid published port: " + spec);
                    }
                    hostIp = parts[0];
                    hostPort = parts[1];
                    containerPort = parts[2];
                }
                default -> throw new IllegalArgumentException("invalid published port: " + spec);
            }
            if (hostIp.isEmpty() && parts.length == 3) {
                throw new IllegalArgumentException("invalid published port: " + spec);
            }
            String key = withProtocol(containerPort);
            String protocol = key.substring(key.indexOf('/') + 1);
            int[] container = range(key.substring(0, key.indexOf('/')), "invalid containerPort: ");
            int[] host = hostPort.isEmpty() ? null : range(hostPort, "invalid hostPort: ");
            int count = container[1] - container[0];
            if (host != null && count != host[1] - host[0] && count != 0) {
                throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
                        + key.substring(0, key.indexOf('/')) + " and " + hostPort);
            }
            // nat.ParsePortSpec: one binding per container port; a single container port keeps a host range whole
            for (int i = 0; i <= count; i++) {
                String portKey = (container[0] + i) + "/" + protocol;
                String bound = host == null ? "" : count == 0 && host[0] != host[1] ? host[0] + "-" + host[1]
                        : Integer.toString(host[0] + i);
                exposed.put(portKey, Map.of());
                Map<String, String> binding = new LinkedHashMap<>();
                binding.put("HostIp", hostIp);
                binding.put("HostPort", bound);
                bindings.computeIfAbsent(portKey, k -> new ArrayList<>()).add(binding);
            }
        }
        return new PortSpecs(exposed, bindings);
    }

    private static String withProtocol(String port) {
        int slash = port.indexOf('/');
        if (slash < 0) {
            return port + "/tcp";
        }
        String protocol = port.substring(slash + 1).toLowerCase();
        if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
            throw new IllegalArgumentException("invalid proto: " + protocol);
        }
        return port.substring(0, slash) + "/" + protocol;
    }

    /** nat.ParsePortRange: "80" or "8000-8010" as {first, last}. */
    private static int[] range(String text, String error) {
        try {
            int dash = text.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
            if (first < 0 || last > 65535 || last < first) {
                throw new NumberFormatException();
            }
            return new int[] {first, last};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(error + text);
        }
    }
}
