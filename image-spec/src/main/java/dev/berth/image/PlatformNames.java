package dev.berth.image;

import java.util.Locale;
import java.util.Set;

/**
 * The normalisation tables of containerd's platforms package (database.go): the many names of
 * one architecture (x86_64, aarch64, armhf...) and operating system map to Go's GOARCH/GOOS names.
 */
final class PlatformNames {
    static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    private PlatformNames() {}

    static String normalizeOs(String os) {
        if (os == null || os.isEmpty()) {
            return "";
        }
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    /** containerd's normalizeArch: returns {architecture, variant}. */
    static String[] normalizeArch(String architecture, String variant) {
        String arch = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                switch (v) {
                    case "8", "v8", "v8.0" -> v = "";
                    case "9", "9.0", "v9.0" -> v = "v9";
                    default -> { }
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                switch (v) {
                    case "", "7" -> v = "v7";
                    case "5", "6", "8" -> v = "v" + v;
                    default -> { }
                }
            }
            default -> { }
        }
        return new String[] {arch, v};
    }

    /** The JVM's os.arch in Go's names (the JVM says amd64/x86_64, aarch64, arm, x86, ppc64le...). */
    static String[] hostArch(String osArch) {
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86", "i486", "i586", "i686" -> new String[] {"386", ""};
            case "arm", "arm32" -> new String[] {"arm", "v7"};
            default -> normalizeArch(arch, "");
        };
    }

    static String hostOs(String osName) {
        String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        return name.replace(" ", "");
    }
}
