package dev.berth.network.firewall;

import dev.berth.network.driver.Drivers;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.PortRecord;
import dev.berth.network.state.SandboxRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole content of Berth's chains for a state, in iptables-save format. Derived from the state
 * alone, so applying it both adds what a change needs and drops what no network or port owns any
 * more (a removed network's rules, a crashed run's leftovers).
 */
public final class FirewallPlan {
    private final BerthChains chains;
    private final List<String> nat = new ArrayList<>();
    private final List<String> filter = new ArrayList<>();

    private FirewallPlan(BerthChains chains) {
        this.chains = chains;
    }

    public static String render(NetworkState state, BerthChains chains) {
        FirewallPlan plan = new FirewallPlan(chains);
        List<NetworkRecord> bridges = state.networks().values().stream()
                .filter(n -> n.driver().equals(Drivers.BRIDGE) && !n.bridgeName().isEmpty())
                .toList();
        plan.isolation(bridges);
        for (NetworkRecord network : bridges) {
            plan.network(network);
        }
        for (SandboxRecord sandbox : state.sandboxes().values()) {
            for (PortRecord port : sandbox.ports()) {
                plan.port(port);
            }
        }
        return plan.text();
    }

    /**
     * Docker's two stages: traffic that leaves a bridge for another interface goes to stage 2, which
     * drops it if that interface is another of Berth's bridges. Internal networks drop everything
     * that does not stay on their bridge, in either direction.
     */
    private void isolation(List<NetworkRecord> bridges) {
        filter.add(rule(chains.forward(), "-j", chains.isolation1()));
        for (NetworkRecord network : bridges) {
            String bridge = network.bridgeName();
            if (network.internal()) {
                filter.add(rule(chains.isolation1(), "-i", bridge, "!", "-o", bridge, "-j", "DROP"));
                filter.add(rule(chains.isolation1(), "!", "-i", bridge, "-o", bridge, "-j", "DROP"));
            }
        }
        for (NetworkRecord network : bridges) {
            String bridge = network.bridgeName();
            filter.add(rule(chains.isolation1(), "-i", bridge, "!", "-o", bridge, "-j", chains.isolation2()));
            filter.add(rule(chains.isolation2(), "-o", bridge, "-j", "DROP"));
        }
    }

    private void network(NetworkRecord network) {
        String bridge = network.bridgeName();
        if (network.masquerades()) {
            nat.add(rule(chains.postrouting(), "-s", network.subnet(), "!", "-o", bridge, "-j", "MASQUERADE"));
        }
        filter.add(rule(chains.forward(), "-i", bridge, "-j", "ACCEPT"));
        filter.add(rule(chains.forward(), "-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
                "-j", "ACCEPT"));
        if (network.resolvesNames()) {
            for (String protocol : List.of("udp", "tcp")) {
                filter.add(rule(chains.input(), "-d", network.gateway() + "/32", "-i", bridge, "-p", protocol,
                        "-m", protocol, "--dport", "53", "-j", "ACCEPT"));
            }
        }
    }

    /** DNAT for traffic that is not on loopback (the proxy takes that), and its way through FORWARD. */
    private void port(PortRecord port) {
        String bridge = port.bridgeName();
        String protocol = port.protocol();
        List<String> dnat = new ArrayList<>();
        if (!port.anyAddress()) {
            dnat.addAll(List.of("-d", port.hostIp() + "/32"));
        }
        dnat.addAll(List.of("!", "-i", bridge, "-p", protocol, "-m", protocol, "--dport",
                Integer.toString(port.hostPort()), "-j", "DNAT", "--to-destination",
                port.containerIp() + ":" + port.containerPort()));
        nat.add(rule(chains.dnat(), dnat.toArray(String[]::new)));
        filter.add(rule(chains.forward(), "-d", port.containerIp() + "/32", "!", "-i", bridge, "-o", bridge,
                "-p", protocol, "-m", protocol, "--dport", Integer.toString(port.containerPort()), "-j", "ACCEPT"));
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        out.append("*nat\n");
        declare(out, chains.postrouting(), chains.dnat());
        nat.forEach(line -> out.append(line).append('\n'));
        out.append("COMMIT\n*filter\n");
        declare(out, chains.forward(), chains.isolation1(), chains.isolation2(), chains.input());
        filter.forEach(line -> out.append(line).append('\n'));
        out.append("COMMIT\n");
        return out.toString();
    }

    private static void declare(StringBuilder out, String... names) {
        for (String name : names) {
            out.append(':').append(name).append(" - [0:0]\n");
        }
    }

    private static String rule(String chain, String... args) {
        return "-A " + chain + " " + String.join(" ", args);
    }
}
