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
        return dev.berth.common.testing.HostNetworkCleanup.run(command);
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

    /** Every iptables chain named {@code <prefix>-...}, with the jumps to them. */
    static void removeChains(String chainPrefix) {
        dev.berth.common.testing.HostNetworkCleanup.removeChains(chainPrefix);
    }

    /** Removes the bridges the network service made for user-defined networks in {@code pool} (a /16: "10.73."). */
    static void removeBridgesIn(String pool) {
        dev.berth.common.testing.HostNetworkCleanup.removeBridgesWithAddress(
                pool.substring(0, pool.indexOf('.', pool.indexOf('.') + 1) + 1));
    }
}
