package dev.berth.network.driver;

import dev.berth.network.host.IpRoute;
import dev.berth.network.host.Iptables;
import dev.berth.network.state.NetworkRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The host side of a bridge network: the Linux bridge with the gateway address, IPv4 forwarding,
 * masquerading of the subnet's traffic that leaves through other interfaces, and forwarding
 * rules so the bridge works even where another engine set the FORWARD policy to DROP. Rules live
 * in Berth's own chains ({@code <prefix>-POSTROUTING}, {@code <prefix>-FORWARD}); nothing of
 * Docker's (docker0, DOCKER-* chains) is touched.
 */
public final class BridgeSetup {
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final IpRoute ip;
    private final Iptables iptables;
    private final String natChain;
    private final String forwardChain;
    private final Set<String> ready = new HashSet<>();

    public BridgeSetup(IpRoute ip, Iptables iptables, String chainPrefix) {
        this.ip = ip;
        this.iptables = iptables;
        this.natChain = chainPrefix + "-POSTROUTING";
        this.forwardChain = chainPrefix + "-FORWARD";
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
        iptables.ensureChain("nat", natChain);
        iptables.ensureRule("nat", "POSTROUTING", "-j", natChain);
        iptables.ensureRule("nat", natChain, "-s", network.subnet(), "!", "-o", bridge, "-j", "MASQUERADE");
        iptables.ensureChain("filter", forwardChain);
        iptables.ensureRuleFirst("filter", "FORWARD", "-j", forwardChain);
        iptables.ensureRule("filter", forwardChain, "-i", bridge, "-j", "ACCEPT");
        iptables.ensureRule("filter", forwardChain, "-o", bridge, "-m", "conntrack", "--ctstate",
                "RELATED,ESTABLISHED", "-j", "ACCEPT");
        ready.add(bridge);
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
