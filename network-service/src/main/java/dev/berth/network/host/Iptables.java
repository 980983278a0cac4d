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

    /** Removes the rule wherever it is; absent is not an error. */
    public void deleteRule(String table, String chain, String... rule) {
        while (runner.succeeds(command(table, "-D", chain, rule))) {
            // every copy
        }
    }

    /**
     * Feeds {@code rules} (iptables-save format) to {@code iptables-restore --noflush}: each table is
     * changed atomically, and every user chain the input declares is emptied and refilled, so the
     * input's content becomes exactly the content of those chains, while other chains stay as they are.
     */
    public void restoreChains(String rules) {
        runner.runWithInput(rules, "iptables-restore", "-w", "--noflush");
    }

    private static String[] command(String table, String action, String chain, String... rule) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", table, action, chain));
        command.addAll(List.of(rule));
        return command.toArray(String[]::new);
    }
}
