package dev.berth.network.firewall;

import dev.berth.network.host.Iptables;
import dev.berth.network.state.NetworkState;

/**
 * Berth's iptables rules: the jumps from the built-in chains into Berth's chains, and the chains'
 * content, rewritten whole from the state on every change (one iptables-restore per change).
 * Docker's chains and any other rule of the host are never touched.
 */
public final class Firewall {
    private final Iptables iptables;
    private final BerthChains chains;

    public Firewall(Iptables iptables, String chainPrefix) {
        this.iptables = iptables;
        this.chains = new BerthChains(chainPrefix);
    }

    public BerthChains chains() {
        return chains;
    }

    /** Makes the chains' content exactly what the state needs, and makes sure the jumps into them exist. */
    public synchronized void apply(NetworkState state) {
        iptables.restoreChains(FirewallPlan.render(state, chains));
        ensureJumps();
    }

    private void ensureJumps() {
        iptables.ensureRule("nat", "POSTROUTING", "-j", chains.postrouting());
        iptables.ensureRule("nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", chains.dnat());
        iptables.ensureRule("nat", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL",
                "-j", chains.dnat());
        // first, so Berth's bridges work wherever another engine set FORWARD's policy to DROP
        iptables.ensureRuleFirst("filter", "FORWARD", "-j", chains.forward());
        iptables.ensureRuleFirst("filter", "INPUT", "-j", chains.input());
    }
}
