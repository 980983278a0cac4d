package dev.berth.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes what a test's network service left on the host: its iptables chains (named
 * {@code <prefix>-...}, with the jumps to them from the built-in chains) and bridges. The
 * service keeps its rules when it stops, as Docker does, so a test stack clears them itself.
 */
public final class HostNetworkCleanup {
    private HostNetworkCleanup() {
    }

    /** Every chain named {@code <prefix>-...} in the filter and nat tables, with the rules that jump to them. */
    public static void removeChains(String chainPrefix) {
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

    /** The bridges whose IPv4 address starts with {@code addressPrefix} ("10.73."): a pool's user-defined networks. */
    public static void removeBridgesWithAddress(String addressPrefix) {
        for (String line : output("ip", "-o", "-4", "addr", "show", "type", "bridge")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[2].equals("inet") && fields[3].startsWith(addressPrefix)) {
                run("ip", "link", "del", "dev", fields[1]);
            }
        }
    }

    public static void removeLink(String name) {
        run("ip", "link", "del", "dev", name);
    }

    /** Runs a host tool, output discarded; false when it fails or takes over 20 s. */
    public static boolean run(String... command) {
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

    private static List<String> output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
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
