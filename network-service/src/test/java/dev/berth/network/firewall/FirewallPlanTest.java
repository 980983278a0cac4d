package dev.berth.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.PortRecord;
import dev.berth.network.state.SandboxRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirewallPlanTest {
    private static NetworkRecord bridge(String name, String bridge, String subnet, boolean builtIn, boolean internal,
                                        Map<String, String> options) {
        String gateway = subnet.replace(".0/24", ".1");
        return new NetworkRecord(name + "-id", name, "bridge", subnet, gateway, bridge, Map.of(), builtIn, true, "",
                internal, options, false, "");
    }

    @Test
    void rendersEveryChainWholeFromTheState() {
        NetworkState state = NetworkState.empty()
                .withNetwork(bridge("bridge", "br0", "10.66.0.0/24", true, false, Map.of()))
                .withNetwork(new NetworkRecord("host-id", "host", "host", "", "", "", Map.of(), true, false, "",
                        false, Map.of(), false, ""))
                .withNetwork(bridge("front", "br1", "10.71.0.0/24", false, false, Map.of()))
                .withNetwork(bridge("vault", "br2", "10.71.1.0/24", false, true, Map.of()))
                .withNetwork(bridge("plain", "br3", "10.71.2.0/24", false, false,
                        Map.of(NetworkRecord.MASQUERADE_OPTION, "false")))
                .withSandbox(new SandboxRecord("c1", "berth-c1", List.of(
                        new PortRecord("tcp", "0.0.0.0", 8080, "10.71.0.2", 80, "br1"),
                        new PortRecord("udp", "127.0.0.1", 5353, "10.71.0.2", 53, "br1"))));

        assertEquals("""
                *nat
                :P-POSTROUTING - [0:0]
                :P-DNAT - [0:0]
                -A P-POSTROUTING -s 10.66.0.0/24 ! -o br0 -j MASQUERADE
                -A P-POSTROUTING -s 10.71.0.0/24 ! -o br1 -j MASQUERADE
                -A P-DNAT ! -i br1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.71.0.2:80
                -A P-DNAT -d 127.0.0.1/32 ! -i br1 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.71.0.2:53
                COMMIT
                *filter
                :P-FORWARD - [0:0]
                :P-ISOLATION-1 - [0:0]
                :P-ISOLATION-2 - [0:0]
                :P-INPUT - [0:0]
                -A P-FORWARD -j P-ISOLATION-1
                -A P-ISOLATION-1 -i br2 ! -o br2 -j DROP
                -A P-ISOLATION-1 ! -i br2 -o br2 -j DROP
                -A P-ISOLATION-1 -i br0 ! -o br0 -j P-ISOLATION-2
                -A P-ISOLATION-2 -o br0 -j DROP
                -A P-ISOLATION-1 -i br1 ! -o br1 -j P-ISOLATION-2
                -A P-ISOLATION-2 -o br1 -j DROP
                -A P-ISOLATION-1 -i br2 ! -o br2 -j P-ISOLATION-2
                -A P-ISOLATION-2 -o br2 -j DROP
                -A P-ISOLATION-1 -i br3 ! -o br3 -j P-ISOLATION-2
                -A P-ISOLATION-2 -o br3 -j DROP
                -A P-FORWARD -i br0 -j ACCEPT
                -A P-FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A P-FORWARD -i br1 -j ACCEPT
                -A P-FORWARD -o br1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A P-INPUT -d 10.71.0.1/32 -i br1 -p udp -m udp --dport 53 -j ACCEPT
                -A P-INPUT -d 10.71.0.1/32 -i br1 -p tcp -m tcp --dport 53 -j ACCEPT
                -A P-FORWARD -i br2 -j ACCEPT
                -A P-FORWARD -o br2 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A P-INPUT -d 10.71.1.1/32 -i br2 -p udp -m udp --dport 53 -j ACCEPT
                -A P-INPUT -d 10.71.1.1/32 -i br2 -p tcp -m tcp --dport 53 -j ACCEPT
                -A P-FORWARD -i br3 -j ACCEPT
                -A P-FORWARD -o br3 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A P-INPUT -d 10.71.2.1/32 -i br3 -p udp -m udp --dport 53 -j ACCEPT
                -A P-INPUT -d 10.71.2.1/32 -i br3 -p tcp -m tcp --dport 53 -j ACCEPT
                -A P-FORWARD -d 10.71.0.2/32 ! -i br1 -o br1 -p tcp -m tcp --dport 80 -j ACCEPT
                -A P-FORWARD -d 10.71.0.2/32 ! -i br1 -o br1 -p udp -m udp --dport 53 -j ACCEPT
                COMMIT
                """, FirewallPlan.render(state, new BerthChains("P")));
    }

    @Test
    void anEmptyStateEmptiesEveryChain() {
        String plan = FirewallPlan.render(NetworkState.empty(), new BerthChains("P"));
        assertEquals(List.of("-A P-FORWARD -j P-ISOLATION-1"),
                plan.lines().filter(line -> line.startsWith("-A")).toList());
    }
}
