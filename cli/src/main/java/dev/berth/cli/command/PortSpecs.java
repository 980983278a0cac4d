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
            requirePort(key.substring(0, key.indexOf('/')), spec);
            if (!hostPort.isEmpty()) {
                requirePort(hostPort, spec);
            }
            exposed.put(key, Map.of());
            Map<String, String> binding = new LinkedHashMap<>();
            binding.put("HostIp", hostIp);
            binding.put("HostPort", hostPort);
            bindings.computeIfAbsent(key, k -> new ArrayList<>()).add(binding);
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

    private static void requirePort(String port, String spec) {
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid containerPort or hostPort in " + spec);
        }
    }
}
