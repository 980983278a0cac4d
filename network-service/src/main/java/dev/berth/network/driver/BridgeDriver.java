package dev.berth.network.driver;

import dev.berth.network.host.IpRoute;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.SandboxRecord;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge network: per endpoint a veth pair, the host end ({@code vb<8 hex>}) enslaved to the
 * network's bridge, the peer born in the container's namespace under its final name (eth0, ...),
 * with Docker's MAC derived from the address, the address, and the default route via the gateway.
 */
public final class BridgeDriver implements NetworkDriver {
    /** Host ends of Berth's veth pairs start with this; the reconciler sweeps only those. */
    public static final String HOST_INTERFACE_PREFIX = "vb";
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDriver.class);

    private final IpRoute ip;
    private final BridgeSetup setup;
    private final LinkReaper reaper;

    public BridgeDriver(IpRoute ip, BridgeSetup setup, LinkReaper reaper) {
        this.ip = ip;
        this.setup = setup;
        this.reaper = reaper;
    }

    @Override
    public String type() {
        return Drivers.BRIDGE;
    }

    @Override
    public boolean needsSandbox() {
        return true;
    }

    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public boolean connectsInterface() {
        return true;
    }

    @Override
    public void connect(NetworkRecord network, SandboxRecord sandbox, EndpointRecord endpoint, boolean defaultRoute) {
        setup.ensure(network);
        String netns = sandbox.netnsName();
        String device = endpoint.interfaceName();
        // name, MAC and MTU given at creation; address, up and route in one visit to the namespace
        ip.addVethIntoNetns(endpoint.hostInterface(), device, netns, endpoint.macAddress(), Math.max(0, network.mtu()));
        try {
            ip.enslaveAndUp(endpoint.hostInterface(), network.bridgeName());
            ip.configureIn(netns, device, endpoint.ipAddress() + "/" + endpoint.prefixLength(),
                    defaultRoute ? endpoint.gateway() : null);
        } catch (RuntimeException e) {
            try {
                ip.deleteLinkIfExists(endpoint.hostInterface());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Creates the bridge of a new network (and again at startup): its DNS server binds to its address. */
    public void createBridge(NetworkRecord network) {
        setup.ensure(network);
    }

    public void removeBridge(NetworkRecord network) {
        setup.remove(network);
    }

    @Override
    public void disconnect(NetworkRecord network, EndpointRecord endpoint) {
        ip.deleteLinkIfExists(endpoint.hostInterface());
    }

    /** The namespace goes next and takes the pair with it: the host end is deleted in the background. */
    @Override
    public void disconnectWithNamespace(NetworkRecord network, EndpointRecord endpoint) {
        reaper.deleteLater(endpoint.hostInterface());
    }

    @Override
    public void routeDefaultVia(SandboxRecord sandbox, EndpointRecord endpoint) {
        ip.replaceDefaultRouteIn(sandbox.netnsName(), endpoint.gateway(), endpoint.interfaceName());
    }

    @Override
    public void removeStrays(NetworkRecord network, Set<String> ownedHostInterfaces) {
        for (String link : ip.linksOf(network.bridgeName())) {
            if (link.startsWith(HOST_INTERFACE_PREFIX) && !ownedHostInterfaces.contains(link)) {
                LOG.info("removing {} from {}: no endpoint owns it", link, network.bridgeName());
                ip.deleteLinkIfExists(link);
            }
        }
    }
}
