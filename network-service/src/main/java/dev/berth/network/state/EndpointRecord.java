package dev.berth.network.state;

import java.util.List;

/**
 * A container's membership of one network. Address fields and {@code hostInterface} (the host end
 * of the veth pair) are empty for drivers that configure nothing (host, null).
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
        List<String> aliases) {

    public EndpointRecord {
        ipAddress = ipAddress == null ? "" : ipAddress;
        gateway = gateway == null ? "" : gateway;
        macAddress = macAddress == null ? "" : macAddress;
        interfaceName = interfaceName == null ? "" : interfaceName;
        hostInterface = hostInterface == null ? "" : hostInterface;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public boolean hasAddress() {
        return !ipAddress.isEmpty();
    }
}
