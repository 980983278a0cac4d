package dev.berth.network.driver;

import dev.berth.network.host.IpRoute;
import dev.berth.network.state.NetworkRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The host side of a bridge network: the Linux bridge with the gateway address, and IPv4
 * forwarding. Its iptables rules are the {@link dev.berth.network.firewall.Firewall}'s.
 */
public final class BridgeSetup {
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final IpRoute ip;
    private final Set<String> ready = new HashSet<>();

    public BridgeSetup(IpRoute ip) {
        this.ip = ip;
    }

    /** Makes the network's bridge usable; cheap when it already is. */
    public synchronized void ensure(NetworkRecord network) {
        String bridge = network.bridgeName();
        boolean exists = ip.linkExists(bridge);
        if (exists && ready.contains(bridge)) {
            return;
        }
        if (!exists) {
            ip.addBridge(bridge);
        } else if (!ip.linkKind(bridge).map("bridge"::equals).orElse(false)) {
            throw new IllegalStateException("device " + bridge + " exists and is not a bridge");
        }
        String prefixLength = network.subnet().substring(network.subnet().indexOf('/'));
        ip.replaceAddress(bridge, network.gateway() + prefixLength);
        ip.setUp(bridge);
        enableForwarding();
        ready.add(bridge);
    }

    /** Deletes the network's bridge; one already gone is not an error. */
    public synchronized void remove(NetworkRecord network) {
        ready.remove(network.bridgeName());
        ip.deleteLinkIfExists(network.bridgeName());
    }

    private static void enableForwarding() {
        try {
            if (!Files.readString(IP_FORWARD).strip().equals("1")) {
                Files.writeString(IP_FORWARD, "1\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot enable IPv4 forwarding: " + e.getMessage(), e);
        }
    }
}
