package dev.berth.network.dns;

import dev.berth.network.core.NetworkServices;
import dev.berth.network.netty.NettyTransport;
import dev.berth.network.state.NetworkRecord;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DNS servers of the user-defined networks, started and stopped with them. */
public final class DnsServers implements NetworkServices, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServers.class);

    private final NettyTransport transport;
    private final DnsZones zones;
    private final DnsForwarder forwarder;
    private final Map<String, EmbeddedDnsServer> byNetwork = new ConcurrentHashMap<>();

    public DnsServers(NettyTransport transport, DnsZones zones, List<InetSocketAddress> upstreams) {
        this.transport = transport;
        this.zones = zones;
        this.forwarder = new DnsForwarder(transport, upstreams);
    }

    @Override
    public void start(NetworkRecord network) {
        if (!network.resolvesNames() || byNetwork.containsKey(network.id())) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(network.gateway(), EmbeddedDnsServer.PORT);
        DnsQueryHandler handler = new DnsQueryHandler(() -> zones.of(network.id()), forwarder);
        try {
            byNetwork.put(network.id(), EmbeddedDnsServer.bind(transport, address, handler));
        } catch (Exception e) {
            // Netty rethrows the bind's checked exception as is
            throw new IllegalStateException("cannot start the DNS server of network " + network.name() + " on "
                    + network.gateway() + ":" + EmbeddedDnsServer.PORT + ": " + e.getMessage(), e);
        }
    }

    /** At startup: a network whose server cannot bind keeps working without names, and says so. */
    public void startOrWarn(NetworkRecord network) {
        try {
            start(network);
        } catch (RuntimeException e) {
            LOG.error("{}", e.getMessage());
        }
    }

    @Override
    public void stop(NetworkRecord network) {
        EmbeddedDnsServer server = byNetwork.remove(network.id());
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() {
        byNetwork.values().forEach(EmbeddedDnsServer::close);
        byNetwork.clear();
    }
}
