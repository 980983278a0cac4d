package dev.berth.network.dns;

import dev.berth.network.ipam.Ipv4;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The names one network's DNS answers, as an immutable value made from its attached endpoints:
 * each endpoint's container name, aliases and the first 12 characters of its container id lead to
 * its address; its address leads back to {@code <container name>.<network name>} (PTR). A container
 * started with its own name servers (--dns) has them forwarded its other questions.
 */
public final class DnsRecords {
    public static final DnsRecords EMPTY = new DnsRecords("", Map.of(), Map.of(), Map.of());
    private static final int SHORT_ID_LENGTH = 12;

    private final String networkSuffix;
    private final Map<String, List<Integer>> addressesByName;
    private final Map<Integer, String> nameByAddress;
    private final Map<Integer, List<InetSocketAddress>> upstreamsByAddress;

    private DnsRecords(String networkName, Map<String, List<Integer>> addressesByName,
                       Map<Integer, String> nameByAddress, Map<Integer, List<InetSocketAddress>> upstreamsByAddress) {
        this.networkSuffix = networkName.isEmpty() ? "" : "." + normalize(networkName);
        this.addressesByName = addressesByName;
        this.nameByAddress = nameByAddress;
        this.upstreamsByAddress = upstreamsByAddress;
    }

    public static DnsRecords of(NetworkRecord network, List<EndpointRecord> endpoints) {
        return of(network, endpoints, containerId -> List.of());
    }

    /** @param upstreamsOf a container's own name servers (--dns), none for the network's upstreams */
    public static DnsRecords of(NetworkRecord network, List<EndpointRecord> endpoints,
                                Function<String, List<InetSocketAddress>> upstreamsOf) {
        Map<String, List<Integer>> byName = new HashMap<>();
        Map<Integer, String> byAddress = new HashMap<>();
        Map<Integer, List<InetSocketAddress>> upstreams = new HashMap<>();
        for (EndpointRecord endpoint : endpoints) {
            if (!endpoint.hasAddress() || endpoint.pending()) {
                continue;
            }
            int address = Ipv4.parse(endpoint.ipAddress());
            String shortId = endpoint.containerId().substring(0,
                    Math.min(SHORT_ID_LENGTH, endpoint.containerId().length()));
            Set<String> names = new LinkedHashSet<>();
            if (!endpoint.containerName().isEmpty()) {
                names.add(normalize(endpoint.containerName()));
            }
            endpoint.aliases().forEach(alias -> names.add(normalize(alias)));
            names.add(normalize(shortId));
            for (String name : names) {
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(address);
            }
            String primary = endpoint.containerName().isEmpty() ? shortId : endpoint.containerName();
            byAddress.put(address, primary + "." + network.name() + ".");
            List<InetSocketAddress> own = upstreamsOf.apply(endpoint.containerId());
            if (!own.isEmpty()) {
                upstreams.put(address, List.copyOf(own));
            }
        }
        byName.replaceAll((name, addresses) -> List.copyOf(addresses));
        return new DnsRecords(network.name(), Map.copyOf(byName), Map.copyOf(byAddress), Map.copyOf(upstreams));
    }

    /** The name servers the container at {@code client} was given (--dns); empty: the network's own. */
    public List<InetSocketAddress> upstreamsOf(InetAddress client) {
        byte[] octets = client.getAddress();
        if (octets.length != 4) {
            return List.of();
        }
        int address = ((octets[0] & 0xff) << 24) | ((octets[1] & 0xff) << 16) | ((octets[2] & 0xff) << 8) | (octets[3] & 0xff);
        return upstreamsByAddress.getOrDefault(address, List.of());
    }

    /** The addresses of a name (any case, with or without the trailing dot or {@code .<network>}); empty if unknown. */
    public List<Integer> addresses(String name) {
        String key = normalize(name);
        List<Integer> found = addressesByName.get(key);
        if (found == null && !networkSuffix.isEmpty() && key.endsWith(networkSuffix)) {
            found = addressesByName.get(key.substring(0, key.length() - networkSuffix.length()));
        }
        return found == null ? List.of() : found;
    }

    /** The name of an address, for a PTR question ({@code 4.0.71.10.in-addr.arpa.}); null if not on the network. */
    public String reverse(String ptrName) {
        String key = normalize(ptrName);
        String suffix = ".in-addr.arpa";
        if (!key.endsWith(suffix)) {
            return null;
        }
        String[] octets = key.substring(0, key.length() - suffix.length()).split("\\.");
        if (octets.length != 4) {
            return null;
        }
        try {
            return nameByAddress.get(Ipv4.parse(octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0]));
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
