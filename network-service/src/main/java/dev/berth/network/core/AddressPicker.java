package dev.berth.network.core;

import dev.berth.network.ipam.AddressAllocator;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Subnet;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import java.util.Set;
import java.util.stream.Collectors;

/** The address a new endpoint gets on a network: the one asked for (--ip), or the first free one of its range. */
final class AddressPicker {
    private AddressPicker() {}

    static int pick(NetworkState state, NetworkRecord network, String requested) {
        Subnet subnet = Subnet.parse(network.subnet());
        int gateway = Ipv4.parse(network.gateway());
        Set<Integer> inUse = state.endpointsOnNetwork(network.id()).stream()
                .filter(EndpointRecord::hasAddress)
                .map(e -> Ipv4.parse(e.ipAddress()))
                .collect(Collectors.toSet());
        if (!requested.isEmpty()) {
            return requested(network, subnet, gateway, inUse, requested);
        }
        Subnet range = network.ipRange().isEmpty() ? null : Subnet.parseAny(network.ipRange());
        return AddressAllocator.firstFree(subnet, range, gateway, inUse).orElseThrow(() ->
                NetworkError.resourceExhausted("no available IPv4 addresses on network " + network.name() + " ("
                        + (range == null ? subnet : range) + ")"));
    }

    private static int requested(NetworkRecord network, Subnet subnet, int gateway, Set<Integer> inUse, String text) {
        if (!network.userSubnet()) {
            throw NetworkError.invalidArgument("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        int address;
        try {
            address = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw NetworkError.invalidArgument("invalid IPv4 address: " + e.getMessage());
        }
        if (!subnet.isHost(address)) {
            throw NetworkError.invalidArgument("no configured subnet contains IP address " + text
                    + " (network " + network.name() + " has " + subnet + ")");
        }
        if (address == gateway || inUse.contains(address)) {
            throw NetworkError.failedPrecondition("Address already in use: " + text + " on network " + network.name());
        }
        return address;
    }
}
