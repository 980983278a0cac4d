package dev.berth.network.ipam;

import java.util.OptionalInt;
import java.util.Set;

/**
 * Picks a container address in a subnet: the first free host address after the gateway,
 * wrapping round to the start, never the network, gateway or broadcast address.
 */
public final class AddressAllocator {
    private AddressAllocator() {}

    public static OptionalInt firstFree(Subnet subnet, int gateway, Set<Integer> inUse) {
        long hosts = Integer.toUnsignedLong(subnet.broadcast()) - Integer.toUnsignedLong(subnet.network()) - 1;
        int candidate = gateway;
        for (long i = 0; i < hosts; i++) {
            candidate = candidate + 1 == subnet.broadcast() ? subnet.firstHost() : candidate + 1;
            if (candidate != gateway && subnet.isHost(candidate) && !inUse.contains(candidate)) {
                return OptionalInt.of(candidate);
            }
        }
        return OptionalInt.empty();
    }
}
