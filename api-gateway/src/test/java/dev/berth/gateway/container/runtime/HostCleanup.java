package dev.berth.gateway.container.runtime;

import dev.berth.common.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Removes what containers leave on the host, with the plain tools, for tests' cleanup. */
final class HostCleanup {
    private HostCleanup() {}

    static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void runcDeleteAll(Path runcRoot) {
        if (!Files.isDirectory(runcRoot)) {
            return;
        }
        try (var entries = Files.list(runcRoot)) {
            for (Path entry : entries.toList()) {
                run("/usr/sbin/runc", "--root", runcRoot.toString(), "delete", "--force", entry.getFileName().toString());
            }
        } catch (IOException e) {
            System.err.println("cannot list " + runcRoot + ": " + e);
        }
    }

    /** Every mount under {@code dir}, deepest first. */
    static List<Path> mountsUnder(Path dir) {
        List<Path> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && (fields[4].startsWith(dir + "/") || fields[4].equals(dir.toString()))) {
                    mounts.add(Path.of(fields[4]));
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read mountinfo: " + e);
        }
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return mounts;
    }

    static void unmountUnder(Path dir) {
        for (int round = 0; round < 3; round++) {
            for (Path mount : mountsUnder(dir)) {
                try {
                    Posix.unmount(mount, Posix.MNT_DETACH);
                } catch (RuntimeException e) {
                    System.err.println("cannot unmount " + mount + ": " + e.getMessage());
                }
            }
        }
    }

    static void deleteNetns(Path netnsPath) {
        if (netnsPath != null && Files.exists(netnsPath)) {
            run("ip", "netns", "del", netnsPath.getFileName().toString());
        }
    }

    /** The test bridge and its iptables chains, with the jumps to them. */
    static void removeBridgeAndChains(String bridge, String chainPrefix) {
        run("ip", "link", "del", "dev", bridge);
        removeChains(chainPrefix);
    }

    /**
     * Every iptables chain named {@code <prefix>-...} in the filter and nat tables, with the rules
     * elsewhere that jump to them (the network service's chains change as it grows: all of them).
     */
    static void removeChains(String chainPrefix) {
        String own = chainPrefix + "-";
        for (String table : List.of("filter", "nat")) {
            List<String> chains = new ArrayList<>();
            for (String line : output("iptables-save", "-t", table)) {
                if (line.startsWith(":" + own)) {
                    chains.add(line.substring(1, line.indexOf(' ')));
                } else if (line.startsWith("-A ") && !line.startsWith("-A " + own) && line.contains(" -j " + own)) {
                    List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                    delete.addAll(List.of(line.substring(3).split(" ")));
                    run(delete.toArray(String[]::new));
                }
            }
            for (String chain : chains) {
                run("iptables", "-w", "-t", table, "-F", chain);
            }
            for (String chain : chains) {
                run("iptables", "-w", "-t", table, "-X", chain);
            }
        }
    }

    /** Removes the bridges the network service made for user-defined networks in {@code pool} (a /16: "10.73."). */
    static void removeBridgesIn(String pool) {
        String prefix = pool.substring(0, pool.indexOf('.', pool.indexOf('.') + 1) + 1);
        for (String line : output("ip", "-o", "-4", "addr", "show", "type", "bridge")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[2].equals("inet") && fields[3].startsWith(prefix)) {
                run("ip", "link", "del", "dev", fields[1]);
            }
        }
    }

    private static List<String> output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList();
            process.waitFor(20, TimeUnit.SECONDS);
            return lines;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
