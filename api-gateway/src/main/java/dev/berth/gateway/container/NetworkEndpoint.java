package dev.berth.gateway.container;

import java.util.List;

/**
 * The container's place on one network, as inspect's NetworkSettings.Networks.<name> shows it.
 * {@code ports} are the host ports published through this endpoint during the run (libnetwork
 * keeps port mappings on the endpoint that gives the container its external connectivity).
 */
public record NetworkEndpoint(
        String networkName,
        String networkId,
        String endpointId,
        String ipAddress,
        int prefixLength,
        String gateway,
        String macAddress,
        List<String> aliases,
        List<PublishedPort> ports) {

    public NetworkEndpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public NetworkEndpoint(String networkName, String networkId, String endpointId, String ipAddress, int prefixLength,
            String gateway, String macAddress, List<String> aliases) {
        this(networkName, networkId, endpointId, ipAddress, prefixLength, gateway, macAddress, aliases, List.of());
    }

    public NetworkEndpoint withPorts(List<PublishedPort> newPorts) {
        return new NetworkEndpoint(networkName, networkId, endpointId, ipAddress, prefixLength, gateway, macAddress,
                aliases, newPorts);
    }
}
