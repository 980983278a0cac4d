package dev.berth.image;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OCI platform: operating system, architecture, variant, and for Windows the OS version and
 * features. {@link #parse} reads Docker's {@code --platform} specifiers the way containerd's
 * platforms.Parse does; {@link #matches} compares normalised forms, so {@code linux/aarch64}
 * matches {@code linux/arm64/v8} and {@code linux/armhf} matches {@code linux/arm/v7}.
 * Absent strings are "", never null, as in Go.
 */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String INVALID_ARGUMENT = ": invalid argument";

    public Platform {
        os = Objects.requireNonNullElse(os, "");
        architecture = Objects.requireNonNullElse(architecture, "");
        variant = Objects.requireNonNullElse(variant, "");
        osVersion = Objects.requireNonNullElse(osVersion, "");
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, "", "", List.of());
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, "", List.of());
    }

    /**
     * Parses {@code os}, {@code arch}, {@code os/arch} or {@code os/arch/variant}. A lone OS gets the
     * host's architecture and a lone architecture the host's OS, as in containerd.
     */
    public static Platform parse(String specifier) {
        if (specifier == null || specifier.isEmpty()) {
            throw new InvalidPlatformException("\"\": platform specifier component must match \""
                    + COMPONENT.pattern() + "\"" + INVALID_ARGUMENT);
        }
        if (specifier.contains("*")) {
            throw new InvalidPlatformException("\"" + specifier + "\": wildcards not yet supported: not implemented");
        }
        String[] parts = specifier.split("/", -1);
        for (String part : parts) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new InvalidPlatformException("\"" + part + "\" is an invalid component of \"" + specifier
                        + "\": platform specifier component must match \"" + COMPONENT.pattern() + "\""
                        + INVALID_ARGUMENT);
            }
        }
        switch (parts.length) {
            case 1 -> {
                String os = PlatformNames.normalizeOs(parts[0]);
                if (PlatformNames.KNOWN_OS.contains(os)) {
                    Platform host = host();
                    return of(os, host.architecture, host.variant);
                }
                String[] arch = PlatformNames.normalizeArch(parts[0], "");
                if (PlatformNames.KNOWN_ARCH.contains(arch[0])) {
                    return of(host().os, arch[0], armDefault(arch));
                }
                throw new InvalidPlatformException("\"" + specifier
                        + "\": unknown operating system or architecture" + INVALID_ARGUMENT);
            }
            case 2 -> {
                String[] arch = PlatformNames.normalizeArch(parts[1], "");
                return of(PlatformNames.normalizeOs(parts[0]), arch[0], armDefault(arch));
            }
            case 3 -> {
                String[] arch = PlatformNames.normalizeArch(parts[1], parts[2]);
                // containerd keeps an explicit arm64 variant: linux/arm64/v8 stays v8.
                String variant = arch[0].equals("arm64") && arch[1].isEmpty() ? "v8" : arch[1];
                return of(PlatformNames.normalizeOs(parts[0]), arch[0], variant);
            }
            default -> throw new InvalidPlatformException("\"" + specifier
                    + "\": cannot parse platform specifier" + INVALID_ARGUMENT);
        }
    }

    /** 32-bit arm without a variant means v7, which containerd leaves implicit when parsing. */
    private static String armDefault(String[] arch) {
        return arch[0].equals("arm") && arch[1].equals("v7") ? "" : arch[1];
    }

    /** The platform this JVM runs on, from os.name and os.arch, in Go's names (linux/amd64, linux/arm64). */
    public static Platform host() {
        String[] arch = PlatformNames.hostArch(System.getProperty("os.arch"));
        return of(PlatformNames.hostOs(System.getProperty("os.name")), arch[0], arch[1]);
    }

    /** containerd's Normalize: Go's names, arm64's v8 dropped (the default), arm's default v7 made explicit. */
    public Platform normalize() {
        String[] arch = PlatformNames.normalizeArch(architecture, variant);
        return new Platform(PlatformNames.normalizeOs(os), arch[0], arch[1], osVersion, osFeatures);
    }

    /** True when both name the same os, architecture and variant once normalised; OS versions compare only when both have one. */
    public boolean matches(Platform other) {
        Platform a = normalize();
        Platform b = other.normalize();
        return a.os.equals(b.os) && a.architecture.equals(b.architecture) && a.variant.equals(b.variant)
                && (a.osVersion.isEmpty() || b.osVersion.isEmpty() || a.osVersion.equals(b.osVersion));
    }

    public Platform withVariant(String variant) {
        return new Platform(os, architecture, variant, osVersion, osFeatures);
    }

    /** containerd's Format: {@code os/arch[/variant]}, e.g. {@code linux/arm/v7}. */
    @Override
    public String toString() {
        String os = this.os.isEmpty() ? "unknown" : this.os;
        String arch = architecture.isEmpty() ? "unknown" : architecture;
        return variant.isEmpty() ? os + "/" + arch : os + "/" + arch + "/" + variant;
    }
}
