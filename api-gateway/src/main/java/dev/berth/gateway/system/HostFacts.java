package dev.berth.gateway.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What /info and /version report about the host, read from /proc, /sys and /etc. */
public final class HostFacts {
    private HostFacts() {}

    public static String kernelVersion() {
        return read("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version"));
    }

    public static String hostname() {
        return read("/proc/sys/kernel/hostname").orElse("localhost");
    }

    /** PRETTY_NAME from /etc/os-release. */
    public static String operatingSystem() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // fall through to the JVM's idea of the system
        }
        return System.getProperty("os.name");
    }

    /** MemTotal in bytes. */
    public static long memTotal() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // reported as 0 below
        }
        return 0;
    }

    /** "2" on the unified hierarchy, "1" on a legacy or hybrid one. */
    public static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    private static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
