package dev.berth.network.host;

import dev.berth.network.netlink.Addresses;
import dev.berth.network.netlink.Ipv4Prefix;
import dev.berth.network.netlink.Link;
import dev.berth.network.netlink.Links;
import dev.berth.network.netlink.NamedNamespaces;
import dev.berth.network.netlink.NamespaceThread;
import dev.berth.network.netlink.NetlinkException;
import dev.berth.network.netlink.NetlinkSocket;
import dev.berth.network.netlink.Routes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What Berth asks of iproute2's {@code ip} (links, bridges, veth pairs, addresses, routes, named
 * netns), done in-process over rtnetlink: one socket in the host namespace, shared by all callers,
 * and a short-lived socket per operation inside a container's namespace. No process is started.
 * Failures throw {@link NetlinkException} with ip's wording and the errno.
 */
public final class IpRoute implements AutoCloseable {
    private final NetlinkSocket host;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;
    private final NamedNamespaces namespaces;

    public IpRoute(NetlinkSocket host, NamedNamespaces namespaces) {
        this.host = host;
        this.links = new Links(host);
        this.addresses = new Addresses(host);
        this.routes = new Routes(host);
        this.namespaces = namespaces;
    }

    /** Opens the host's socket; call from a thread in the host's network namespace. */
    public static IpRoute open() {
        return new IpRoute(NetlinkSocket.open(), new NamedNamespaces(NamedNetns.DIRECTORY));
    }

    public boolean linkExists(String name) {
        return links.find(name).isPresent();
    }

    /** Names of every link in the host namespace. */
    public Set<String> linkNames() {
        return links.all().stream().map(Link::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Names of the links enslaved to {@code bridge}; empty if the bridge does not exist. */
    public Set<String> linksOf(String bridge) {
        Optional<Link> master = links.find(bridge);
        if (master.isEmpty()) {
            return Set.of();
        }
        return links.all().stream().filter(link -> link.master() == master.get().index()).map(Link::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The link's kind (bridge, veth, ...), or empty for a plain device; a missing link throws ENODEV. */
    public Optional<String> linkKind(String name) {
        return links.require(name).kind();
    }

    public void addBridge(String name) {
        links.addBridge(name);
    }

    /** Sets the address idempotently ({@code ip addr replace}). */
    public void replaceAddress(String device, String cidr) {
        addresses.replace(links.require(device), Ipv4Prefix.parse(cidr), false);
    }

    public void setUp(String device) {
        links.setUp(device, 0);
    }

    /** Deletes a link; a link that is already gone is not an error. Deleting one end of a veth deletes both. */
    public void deleteLinkIfExists(String name) {
        try {
            links.delete(name);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.ENODEV) {
                throw e;
            }
        }
    }

    /**
     * Creates a veth pair whose peer is born inside {@code netns} with its final name, MAC
     * ({@code null}: random) and MTU (0: default; set on both ends), in one request.
     */
    public void addVethIntoNetns(String hostName, String peerName, String netns, String peerMac, int mtu) {
        byte[] mac = peerMac == null ? null : parseMac(peerMac);
        links.addVeth(hostName, peerName, namespaces.path(netns), netns, mac, mtu);
    }

    /** Enslaves the link to the bridge and brings it up, in one request. */
    public void enslaveAndUp(String link, String bridge) {
        links.setUp(link, links.require(bridge).index());
    }

    /** A named namespace, made as {@code ip netns add} makes one, with loopback up. */
    public void addNetns(String name) {
        namespaces.create(name);
    }

    public void deleteNetns(String name) {
        namespaces.delete(name);
    }

    // requests made inside a named network namespace (ip -n)

    public void replaceDefaultRouteIn(String netns, String gateway, String device) {
        inNetns(netns, socket -> new Routes(socket).replaceDefault(Ipv4Prefix.address(gateway),
                new Links(socket).require(device)));
    }

    /** Gives the sandbox's interface its address, brings it up and (if a gateway is given) routes via it. */
    public void configureIn(String netns, String device, String cidr, String gateway) {
        inNetns(netns, socket -> {
            Links inside = new Links(socket);
            Link link = inside.require(device);
            new Addresses(socket).add(link, Ipv4Prefix.parse(cidr), true);
            inside.setUp(device, 0);
            if (gateway != null) {
                new Routes(socket).replaceDefault(Ipv4Prefix.address(gateway), link);
            }
        });
    }

    /** A route of the host's main IPv4 table: its destination prefix (never "default") and device. */
    public record Route(String destination, String device) {}

    public List<Route> ipv4Routes() {
        Map<Integer, String> names = links.all().stream().collect(Collectors.toMap(Link::index, Link::name));
        List<Route> result = new ArrayList<>();
        for (Routes.Route route : routes.mainIpv4()) {
            if (route.destination().length() == 0) {
                continue;
            }
            result.add(new Route(route.destination().toString(), names.getOrDefault(route.outputInterface(), "")));
        }
        return result;
    }

    @Override
    public void close() {
        host.close();
    }

    /** A socket opened inside the namespace (on a thread of its own), used here and closed. */
    private void inNetns(String netns, Consumer<NetlinkSocket> work) {
        Path path = namespaces.path(netns);
        try (NetlinkSocket socket = NamespaceThread.callIn(path, netns, NetlinkSocket::open)) {
            work.accept(socket);
        }
    }

    private static byte[] parseMac(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }
}
