package dev.berth.network;

import dev.berth.network.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Looks at and cleans up the host's network from tests, with the plain ip/iptables commands. */
final class HostNet {
    static final CommandRunner RUN = new CommandRunner();
    private static final String PING = Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping"))
            ? "ping" : "busybox ping";

    private HostNet() {}

    static String run(String... command) {
        return RUN.run(command);
    }

    static boolean netnsExists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    static boolean linkExists(String name) {
        return RUN.succeeds("ip", "link", "show", "dev", name);
    }

    /**
     * The vb links left on the bridge once none is left or 2 s have passed: RemoveSandbox leaves the
     * host ends of its veth pairs to the kernel and a background deletion, done within moments.
     */
    static List<String> vethsOnSettled(String bridge) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> left = vethsOn(bridge);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = vethsOn(bridge);
        }
        return left;
    }

    /** The vb links enslaved to the bridge; none if the bridge does not exist. */
    static List<String> vethsOn(String bridge) {
        return linkExists(bridge) ? vbLinks("ip", "-o", "link", "show", "master", bridge) : List.of();
    }

    private static List<String> vbLinks(String... listCommand) {
        List<String> names = new ArrayList<>();
        for (String line : run(listCommand).split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0];
                if (name.startsWith("vb")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Pings once from the host ({@code netns == null}) or from inside a namespace, retrying briefly while links settle. */
    static boolean ping(String netns, String address) throws InterruptedException {
        List<String> command = new ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.addAll(List.of(PING.split(" ")));
        command.addAll(List.of("-c1", "-W1", address));
        for (int attempt = 0; attempt < 3; attempt++) {
            if (RUN.succeeds(command.toArray(String[]::new))) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }

    static void quietly(String... command) {
        RUN.succeeds(command);
    }

    /** Removes the test bridge and Berth's test chains, and the jumps to them from the built-in chains. */
    static void removeBridgeAndChains(String bridge, String chainPrefix) {
        quietly("ip", "link", "del", "dev", bridge);
        removeChains(chainPrefix);
    }

    /** Deletes every chain named {@code <prefix>-*} and every rule of the built-in chains that jumps to one. */
    static void removeChains(String chainPrefix) {
        for (String table : List.of("nat", "filter")) {
            List<String> chains = new ArrayList<>();
            for (String line : RUN.run("iptables", "-w", "-t", table, "-S").split("\n")) {
                String[] words = line.split(" ");
                if (words.length >= 2 && words[0].equals("-N") && words[1].startsWith(chainPrefix + "-")) {
                    chains.add(words[1]);
                } else if (words[0].equals("-A") && line.contains(" -j " + chainPrefix + "-")
                        && !words[1].startsWith(chainPrefix + "-")) {
                    List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                    delete.addAll(List.of(words).subList(1, words.length));
                    quietly(delete.toArray(String[]::new));
                }
            }
            for (String chain : chains) {
                quietly("iptables", "-w", "-t", table, "-F", chain);
            }
            for (String chain : chains) {
                quietly("iptables", "-w", "-t", table, "-X", chain);
            }
        }
    }

    /** The rules of one of Berth's chains, as iptables -S prints them (without the -N line). */
    static List<String> rules(String table, String chain) {
        List<String> rules = new ArrayList<>();
        for (String line : RUN.run("iptables", "-w", "-t", table, "-S", chain).split("\n")) {
            if (line.startsWith("-A ")) {
                rules.add(line);
            }
        }
        return rules;
    }
}
