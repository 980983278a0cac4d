package dev.berth.network.host;

import dev.berth.network.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Idempotent iptables changes: chains and rules are added only when absent ({@code -C} before
 * {@code -A}), so restarts never stack duplicates. {@code -w} waits for the xtables lock that
 * Docker, firewalld and others take too.
 */
public final class Iptables {
    private final CommandRunner runner;

    public Iptables(CommandRunner runner) {
        this.runner = runner;
    }

    public void ensureChain(String table, String chain) {
        if (!runner.succeeds("iptables", "-w", "-t", table, "-n", "-L", chain)) {
            runner.run("iptables", "-w", "-t", table, "-N", chain);
        }
    }

    /** Appends the rule unless an identical one exists. */
    public void ensureRule(String table, String chain, String... rule) {
        if (!runner.succeeds(command(table, "-C", chain, rule))) {
            runner.run(command(table, "-A", chain, rule));
        }
    }

    /** Inserts the rule at the top of the chain unless an identical one exists anywhere in it. */
    public void ensureRuleFirst(String table, String chain, String... rule) {
        if (!runner.succeeds(command(table, "-C", chain, rule))) {
            List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-I", chain, "1"));
            insert.addAll(List.of(rule));
            runner.run(insert.toArray(String[]::new));
        }
    }

    private static String[] command(String table, String action, String chain, String... rule) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", table, action, chain));
        command.addAll(List.of(rule));
        return command.toArray(String[]::new);
    }
}
