package dev.berth.gateway.container;

import java.util.List;

/**
 * The container's place on one network, as inspect's NetworkSettings.Networks.<name> shows it.
 * {@code ipamIpv4Address} is the address the container asked for on this network ("" for any);
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
        List<PublishedPort> ports,
        String ipamIpv4Address) {

    public NetworkEndpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
        ipamIpv4Address = ipamIpv4Address == null ? "" : ipamIpv4Address;
    }

    public NetworkEndpoint(String networkName, String networkId, String endpointId, String ipAddress, int prefixLength,
            String gateway, String macAddress, List<String> aliases) {
        this(networkName, networkId, endpointId, ipAddress, prefixLength, gateway, macAddress, aliases, List.of(), "");
    }

    public NetworkEndpoint withPorts(List<PublishedPort> newPorts) {
        return new NetworkEndpoint(networkName, networkId, endpointId, ipAddress, prefixLength, gateway, macAddress,
                aliases, newPorts, ipamIpv4Address);
    }

    /** The address asked for (--ip), which inspect shows as IPAMConfig.IPv4Address. */
    public NetworkEndpoint withIpamIpv4Address(String address) {
        return new NetworkEndpoint(networkName, networkId, endpointId, ipAddress, prefixLength, gateway, macAddress,
                aliases, ports, address);
    }

    /** The same network without the run: no endpoint, address or ports (a stopped container's view). */
    public NetworkEndpoint detached() {
        return new NetworkEndpoint(networkName, networkId, "", "", 0, "", "", aliases, List.of(), ipamIpv4Address);
    }
}
