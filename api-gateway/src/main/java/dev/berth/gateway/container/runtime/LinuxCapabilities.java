package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities as Docker treats them (moby's oci/caps): the default set, CapAdd/CapDrop
 * names with or without CAP_ and in any case, "ALL", and "all" meaning what the daemon itself
 * holds, since a container can never be given a capability its runtime lacks.
 */
public final class LinuxCapabilities {
    /** Docker's default set (oci/caps/defaults.go), in Docker's order. */
    public static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** Every capability Linux defines, indexed by its number (linux/capability.h). */
    public static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private static final String ALL = "ALL";

    private LinuxCapabilities() {}

    /**
     * CapAdd/CapDrop entries as CAP_ names (or "ALL"); 400 in Docker's words for a name Linux does
     * not define, or one the daemon does not hold.
     */
    public static List<String> normalize(List<String> names, List<String> available) {
        List<String> normalized = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            if (upper.equals(ALL)) {
                normalized.add(ALL);
                continue;
            }
            String cap = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            if (!KNOWN.contains(cap)) {
                throw DockerApiException.badRequest("unknown capability: \"" + cap + "\"");
            }
            if (!available.contains(cap)) {
                throw DockerApiException.badRequest(
                        "capability not supported by your kernel or not available in the current environment: \"" + cap + "\"");
            }
            normalized.add(cap);
        }
        return normalized;
    }

    /**
     * The container's capabilities: Docker's TweakCapabilities. Privileged gets everything the
     * daemon holds; CapAdd ALL adds everything but CapDrop; CapDrop ALL keeps only CapAdd.
     */
    public static List<String> resolve(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> available) {
        if (privileged) {
            return List.copyOf(available);
        }
        List<String> adds = normalize(capAdd, available);
        List<String> drops = normalize(capDrop, available);
        Set<String> caps = new LinkedHashSet<>();
        if (adds.contains(ALL)) {
            available.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
        } else if (drops.contains(ALL)) {
            adds.forEach(caps::add);
        } else {
            DEFAULT.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
            caps.addAll(adds);
        }
        return List.copyOf(caps);
    }

    /** The capabilities this process holds (CapEff of /proc/self/status), which bound any container's. */
    public static List<String> ofThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return fromMask(Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // as Docker does when it cannot tell: assume every known capability
        }
        return KNOWN;
    }

    static List<String> fromMask(long mask) {
        List<String> caps = new ArrayList<>();
        for (int bit = 0; bit < KNOWN.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                caps.add(KNOWN.get(bit));
            }
        }
        return List.copyOf(caps);
    }
}
