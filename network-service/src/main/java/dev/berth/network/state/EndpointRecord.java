package dev.berth.network.state;

import java.util.List;

/**
 * A container's membership of one network. Address fields and {@code hostInterface} (the host end
 * of the veth pair) are empty for drivers that configure nothing (host, null).
 *
 * @param containerName the container's name, one of the names the network's DNS answers for it
 * @param pending       true from the write-ahead record until the kernel work is done: a crash in
 *                      between leaves a pending endpoint, which the next start rolls back
 */
public record EndpointRecord(
        String id,
        String networkId,
        String containerId,
        String ipAddress,
        int prefixLength,
        String gateway,
        String macAddress,
        String interfaceName,
        String hostInterface,
        List<String> aliases,
        String containerName,
        boolean pending) {

    public EndpointRecord {
        ipAddress = ipAddress == null ? "" : ipAddress;
        gateway = gateway == null ? "" : gateway;
        macAddress = macAddress == null ? "" : macAddress;
        interfaceName = interfaceName == null ? "" : interfaceName;
        hostInterface = hostInterface == null ? "" : hostInterface;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        containerName = containerName == null ? "" : containerName;
    }

    public boolean hasAddress() {
        return !ipAddress.isEmpty();
    }

    public EndpointRecord completed() {
        return new EndpointRecord(id, networkId, containerId, ipAddress, prefixLength, gateway, macAddress,
                interfaceName, hostInterface, aliases, containerName, false);
    }

    public EndpointRecord withContainerName(String name) {
        return new EndpointRecord(id, networkId, containerId, ipAddress, prefixLength, gateway, macAddress,
                interfaceName, hostInterface, aliases, name, pending);
    }
}
