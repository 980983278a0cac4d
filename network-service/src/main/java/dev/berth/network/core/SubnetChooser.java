package dev.berth.network.core;

import dev.berth.network.host.IpRoute;
import dev.berth.network.ipam.Subnet;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a new network's subnet may go: not over another network's, nor over a route of the host
 * (an address there would shadow or be shadowed by that route). Picks the next free /24 of the pool.
 */
final class SubnetChooser {
    static final String OVERLAP = "Pool overlaps with other one on this address space";

    private final IpRoute ip;
    private final Subnet pool;
    private final int prefixLength;

    SubnetChooser(IpRoute ip, Subnet pool, int prefixLength) {
        this.ip = ip;
        this.pool = pool;
        this.prefixLength = prefixLength;
    }

    /** Refuses a user-given subnet that overlaps a network or a host route. */
    void requireFree(Subnet subnet, NetworkState state) {
        if (!firstOverlap(subnet, taken(state)).isEmpty()) {
            throw NetworkError.failedPrecondition(OVERLAP);
        }
    }

    Subnet next(NetworkState state) {
        List<Subnet> taken = taken(state);
        int size = 1 << (32 - prefixLength);
        long count = 1L << (prefixLength - pool.prefixLength());
        for (long i = 0; i < count; i++) {
            Subnet candidate = new Subnet(pool.network() + (int) (i * size), prefixLength);
            if (firstOverlap(candidate, taken).isEmpty()) {
                return candidate;
            }
        }
        throw NetworkError.resourceExhausted("could not find an available, non-overlapping IPv4 address pool among "
                + "the defaults to assign to the network (pool " + pool + ")");
    }

    /** Subnets of the networks and destinations of the host's routes, except the routes of Berth's own bridges. */
    private List<Subnet> taken(NetworkState state) {
        List<Subnet> taken = new ArrayList<>();
        Set<String> ownBridges = state.networks().values().stream()
                .map(NetworkRecord::bridgeName)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        for (NetworkRecord network : state.networks().values()) {
            if (!network.subnet().isEmpty()) {
                taken.add(Subnet.parseAny(network.subnet()));
            }
        }
        for (IpRoute.Route route : ip.ipv4Routes()) {
            if (!ownBridges.contains(route.device())) {
                taken.add(Subnet.parseAny(route.destination()));
            }
        }
        return taken;
    }

    private static List<Subnet> firstOverlap(Subnet subnet, List<Subnet> taken) {
        return taken.stream().filter(subnet::overlaps).limit(1).toList();
    }
}
