package dev.berth.network.core;

import dev.berth.network.NetworkSettings;
import dev.berth.network.driver.BridgeDriver;
import dev.berth.network.driver.BridgeSetup;
import dev.berth.network.driver.Drivers;
import dev.berth.network.driver.LinkReaper;
import dev.berth.network.dns.DnsServers;
import dev.berth.network.dns.DnsZones;
import dev.berth.network.driver.PassiveDriver;
import dev.berth.network.exec.CommandRunner;
import dev.berth.network.firewall.Firewall;
import dev.berth.network.host.IpRoute;
import dev.berth.network.host.Iptables;
import dev.berth.network.host.NamedNetns;
import dev.berth.network.netty.NettyTransport;
import dev.berth.network.ports.PortProxies;
import dev.berth.network.ports.PortPublisher;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's parts wired together, and its start: load the state, reconcile it with the
 * kernel, recreate the user-defined networks' bridges, rewrite Berth's rules from the state.
 */
public final class NetworkEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkEngine.class);

    private static final int EVENT_LOOP_THREADS = 2;

    private final NetworkController controller;
    private final NetworkCatalog catalog;
    private final PortPublisher ports;
    private final AutoCloseable[] resources;

    private NetworkEngine(NetworkController controller, NetworkCatalog catalog, PortPublisher ports,
                          AutoCloseable... resources) {
        this.controller = controller;
        this.catalog = catalog;
        this.ports = ports;
        this.resources = resources;
    }

    public static NetworkEngine open(Path root, NetworkSettings settings) throws IOException {
        return open(root, settings, CrashPoints.NONE);
    }

    public static NetworkEngine open(Path root, NetworkSettings settings, CrashPoints crashPoints) throws IOException {
        CommandRunner runner = new CommandRunner();
        IpRoute ip = IpRoute.open();
        NamedNetns netns = new NamedNetns(ip);
        LinkReaper reaper = new LinkReaper(ip);
        BridgeDriver bridge = new BridgeDriver(ip, new BridgeSetup(ip), reaper);
        Drivers drivers = new Drivers(bridge, PassiveDriver.HOST, PassiveDriver.NONE);
        Firewall firewall = new Firewall(new Iptables(runner), settings.chainPrefix());
        StateStore store = new StateStore(root);
        NetworkState loaded = BuiltInNetworks.ensure(store.load(), settings);
        NetworkState state = new StartupReconciler(drivers, netns, ip).reconcile(loaded);
        for (NetworkRecord network : state.networks().values()) {
            if (!network.builtIn() && network.driver().equals(Drivers.BRIDGE)) {
                try {
                    bridge.createBridge(network);
                } catch (RuntimeException e) {
                    // one broken network must not keep the others (and the service) down
                    LOG.error("network {}: cannot make its bridge {}: {}", network.name(), network.bridgeName(),
                            e.getMessage());
                }
            }
        }
        firewall.apply(state);
        store.save(state);
        SharedState shared = new SharedState(store, state);
        NettyTransport transport = new NettyTransport(EVENT_LOOP_THREADS);
        PortProxies proxies = new PortProxies(transport);
        PortPublisher ports = new PortPublisher(shared, firewall, proxies);
        ports.rebindAll();
        DnsZones zones = new DnsZones();
        shared.onCommit(zones);
        DnsServers dns = new DnsServers(transport, zones, settings.dnsUpstreams());
        state.networks().values().forEach(dns::startOrWarn);
        NetworkController controller = new NetworkController(shared, drivers, netns, ip, ports, crashPoints);
        NetworkCatalog catalog = new NetworkCatalog(shared, bridge, firewall, dns, ip, settings);
        LOG.info("network service ready: {} networks, {} sandboxes", state.networks().size(),
                state.sandboxes().size());
        // the reaper's pending deletions finish before the netlink socket closes
        return new NetworkEngine(controller, catalog, ports, proxies, dns, transport, reaper, ip);
    }

    public NetworkController controller() {
        return controller;
    }

    public NetworkCatalog catalog() {
        return catalog;
    }

    public PortPublisher ports() {
        return ports;
    }

    /** Closes what holds sockets (proxies, DNS servers); the kernel state stays, as after a crash. */
    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}: {}", resource, e.getMessage());
            }
        }
    }
}
