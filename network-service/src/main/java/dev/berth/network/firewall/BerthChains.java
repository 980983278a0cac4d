package dev.berth.network.firewall;

/** The names of Berth's own iptables chains, all under one prefix so several installations can coexist. */
public record BerthChains(String prefix) {
    /** nat: masquerading of the networks' traffic, jumped to from POSTROUTING. */
    public String postrouting() {
        return prefix + "-POSTROUTING";
    }

    /** nat: published ports' DNAT, jumped to from PREROUTING and OUTPUT for local destinations. */
    public String dnat() {
        return prefix + "-DNAT";
    }

    /** filter: forwarding accepts, jumped to first from FORWARD. */
    public String forward() {
        return prefix + "-FORWARD";
    }

    /** filter: first stage of isolation, traffic leaving one of Berth's bridges for another interface. */
    public String isolation1() {
        return prefix + "-ISOLATION-1";
    }

    /** filter: second stage, dropped when it enters another of Berth's bridges. */
    public String isolation2() {
        return prefix + "-ISOLATION-2";
    }

    /** filter: what containers may reach on the host itself (the DNS servers), jumped to first from INPUT. */
    public String input() {
        return prefix + "-INPUT";
    }
}
