package dev.berth.gateway.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What /info and /version report about the host, read from /proc, /sys and /etc, never assumed. */
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
        return osRelease("PRETTY_NAME").orElse(System.getProperty("os.name"));
    }

    /** VERSION_ID from /etc/os-release ("12"), as Docker's OSVersion; "" when the file has none. */
    public static String osVersion() {
        return osRelease("VERSION_ID").orElse("");
    }

    private static Optional<String> osRelease(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith(key + "=")) {
                    return Optional.of(line.substring(key.length() + 1).replace("\"", "").trim());
                }
            }
        } catch (IOException ignored) {
            // no os-release: the caller's fallback
        }
        return Optional.empty();
    }

    /** MemTotal in bytes. */
    public static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
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
        return String.valueOf(CgroupInfo.read().version());
    }

    /** uname's machine ("x86_64"), Docker's /info Architecture. */
    public static String machine() {
        return read("/proc/sys/kernel/arch").orElseGet(() -> switch (javaArch()) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i686" -> "i686";
            case "arm64", "aarch64" -> "aarch64";
            default -> javaArch();
        });
    }

    /** The architecture in Go's GOARCH words ("amd64"), as /version's Arch and seccomp's arch names use. */
    public static String goArch() {
        return switch (javaArch()) {
            case "amd64", "x86_64" -> "amd64";
            case "x86", "i386", "i686" -> "386";
            case "aarch64", "arm64" -> "arm64";
            case "loongarch64" -> "loong64";
            default -> javaArch();
        };
    }

    private static String javaArch() {
        return System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    }

    /**
     * The CPUs this process may run on (its affinity, Cpus_allowed_list), which is what Go's
     * runtime.NumCPU() and so Docker's NCPU count.
     */
    public static int cpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return CpuList.count(line.substring("Cpus_allowed_list:".length()).trim());
                }
            }
        } catch (IOException | IllegalArgumentException ignored) {
            // the JVM's count below
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The host's online CPUs as a list ("0-1"), what --cpuset-cpus may name. */
    public static String onlineCpus() {
        return read("/sys/devices/system/cpu/online").orElse("0-" + (cpus() - 1));
    }

    /** The host's online memory (NUMA) nodes ("0"), what --cpuset-mems may name. */
    public static String onlineMems() {
        return read("/sys/devices/system/node/online").orElse("0");
    }

    /** A 0/1 sysctl under /proc/sys; false when it does not exist (e.g. br_netfilter not loaded). */
    public static boolean sysctlEnabled(String dottedName) {
        return read("/proc/sys/" + dottedName.replace('.', '/')).map("1"::equals).orElse(false);
    }

    static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
