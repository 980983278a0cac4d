package dev.berth.gateway.container.runtime;

import dev.berth.api.network.v1.PortMapping;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ports a run publishes, from HostConfig.PortBindings ("8080/tcp": [{"HostIp","HostPort"}],
 * HostPort "" for a free port, "8000-8010" for the first free one of a range) and, with
 * PublishAllPorts, every other exposed port on a free host port, as moby's ports for a sandbox.
 */
final class PortMappings {
    private PortMappings() {}

    /** Checks the bindings at create time, in the daemon's words (400). */
    static void validate(HostConfig host) {
        if (host.portBindings() == null) {
            return;
        }
        for (Map.Entry<String, List<HostConfig.PortBinding>> entry : host.portBindings().entrySet()) {
            parseKey(entry.getKey());
            for (HostConfig.PortBinding binding : entry.getValue() == null ? List.<HostConfig.PortBinding>of() : entry.getValue()) {
                hostPorts(binding.hostPort());
                String ip = binding.hostIp() == null ? "" : binding.hostIp();
                if (!ip.isEmpty() && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    if (ip.contains(":")) {
                        throw DockerApiException.badRequest("Berth does not publish ports on IPv6 addresses: " + ip);
                    }
                    throw DockerApiException.badRequest("invalid IP address: " + ip);
                }
            }
        }
    }

    static List<PortMapping> requested(ContainerRecord record) {
        HostConfig host = record.hostConfig();
        if (host == null || record.networkMode().equals("host") || record.networkMode().equals("none")) {
            return List.of();
        }
        List<PortMapping> mappings = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        if (host.portBindings() != null) {
            for (Map.Entry<String, List<HostConfig.PortBinding>> entry : host.portBindings().entrySet()) {
                Key key = parseKey(entry.getKey());
                List<HostConfig.PortBinding> bindings = entry.getValue() == null ? List.of() : entry.getValue();
                for (HostConfig.PortBinding binding : bindings) {
                    int[] ports = hostPorts(binding.hostPort());
                    mappings.add(PortMapping.newBuilder().setProtocol(key.protocol()).setContainerPort(key.port())
                            .setHostIp(binding.hostIp() == null ? "" : binding.hostIp())
                            .setHostPort(ports[0]).setHostPortEnd(ports[1]).build());
                }
                if (!bindings.isEmpty()) {
                    bound.add(key.port() + "/" + key.protocol());
                }
            }
        }
        if (host.publishAllPorts() && record.config() != null && record.config().exposedPorts() != null) {
            for (String exposed : record.config().exposedPorts().keySet()) {
                Key key = parseKey(exposed);
                if (bound.add(key.port() + "/" + key.protocol())) {
                    mappings.add(PortMapping.newBuilder().setProtocol(key.protocol()).setContainerPort(key.port()).build());
                }
            }
        }
        return mappings;
    }

    record Key(int port, String protocol) {}

    static Key parseKey(String key) {
        String[] parts = key.split("/", 2);
        String protocol = parts.length > 1 ? parts[1].toLowerCase() : "tcp";
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw DockerApiException.badRequest("invalid port specification: \"" + key + "\"");
        }
        if (protocol.equals("sctp")) {
            throw DockerApiException.badRequest("Berth does not publish sctp ports: \"" + key + "\"");
        }
        return new Key(port(parts[0], key), protocol);
    }

    /** {first, last} of a host port or range; {0, 0} for a free one. */
    static int[] hostPorts(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return new int[] {0, 0};
        }
        int dash = hostPort.indexOf('-');
        if (dash < 0) {
            return new int[] {port(hostPort, hostPort), 0};
        }
        int first = port(hostPort.substring(0, dash), hostPort);
        int last = port(hostPort.substring(dash + 1), hostPort);
        if (last < first) {
            throw DockerApiException.badRequest("invalid port range: " + hostPort);
        }
        return new int[] {first, last == first ? 0 : last};
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw DockerApiException.badRequest("invalid port specification: \"" + whole + "\"");
    }
}
