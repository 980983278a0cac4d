package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.NetworkEndpoint;
import dev.berth.gateway.container.PublishedPort;

/**
 * docker ps's publish and expose filters: "80", "80/tcp", "8000-8080/udp" match the container
 * ports a running container publishes, or those it exposes.
 */
final class PortFilter {
    private PortFilter() {}

    static boolean published(String filter, ContainerRecord record) {
        if (!record.running()) {
            return false;
        }
        Range range = Range.parse(filter);
        for (NetworkEndpoint endpoint : record.networks()) {
            for (PublishedPort port : endpoint.ports()) {
                if (range.matches(port.containerPort(), port.protocol())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean exposed(String filter, ContainerRecord record) {
        Range range = Range.parse(filter);
        if (record.config() == null || record.config().exposedPorts() == null) {
            return false;
        }
        return record.config().exposedPorts().keySet().stream().anyMatch(key -> {
            String[] parts = key.split("/", 2);
            try {
                return range.matches(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "tcp");
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    private record Range(int first, int last, String protocol) {
        static Range parse(String filter) {
            String[] parts = filter.split("/", 2);
            String protocol = parts.length > 1 ? parts[1].toLowerCase() : "tcp";
            try {
                int dash = parts[0].indexOf('-');
                int first = Integer.parseInt(dash < 0 ? parts[0] : parts[0].substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(parts[0].substring(dash + 1));
                return new Range(first, last, protocol);
            } catch (NumberFormatException e) {
                throw DockerApiException.badRequest("Invalid filter: unable to parse port \"" + filter + "\"");
            }
        }

        boolean matches(int port, String proto) {
            return port >= first && port <= last && protocol.equals(proto == null || proto.isEmpty() ? "tcp" : proto);
        }
    }
}
