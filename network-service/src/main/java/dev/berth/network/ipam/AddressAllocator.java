package dev.berth.network.ipam;

import java.util.OptionalInt;
import java.util.Set;

/**
 * Picks a container address in a subnet: the first free host address after the gateway,
 * wrapping round to the start, never the network, gateway or broadcast address. With an
 * address range (Docker's --ip-range), the first free one of the range.
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

    public static OptionalInt firstFree(Subnet subnet, Subnet range, int gateway, Set<Integer> inUse) {
        if (range == null) {
            return firstFree(subnet, gateway, inUse);
        }
        long last = Integer.toUnsignedLong(range.broadcast());
        for (long address = Integer.toUnsignedLong(range.network()); address <= last; address++) {
            int candidate = (int) address;
            if (candidate != gateway && subnet.isHost(candidate) && !inUse.contains(candidate)) {
                return OptionalInt.of(candidate);
            }
        }
        return OptionalInt.empty();
    }
}
