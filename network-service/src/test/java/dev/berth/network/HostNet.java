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

    /** Host links whose name starts with vb, Berth's host ends of veth pairs. */
    static List<String> vethHostEnds() {
        return vbLinks("ip", "-o", "link", "show");
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
        String nat = chainPrefix + "-POSTROUTING";
        String forward = chainPrefix + "-FORWARD";
        while (RUN.succeeds("iptables", "-w", "-t", "nat", "-D", "POSTROUTING", "-j", nat)) {
            // delete every copy of the jump
        }
        quietly("iptables", "-w", "-t", "nat", "-F", nat);
        quietly("iptables", "-w", "-t", "nat", "-X", nat);
        while (RUN.succeeds("iptables", "-w", "-t", "filter", "-D", "FORWARD", "-j", forward)) {
            // delete every copy of the jump
        }
        quietly("iptables", "-w", "-t", "filter", "-F", forward);
        quietly("iptables", "-w", "-t", "filter", "-X", forward);
    }
}
