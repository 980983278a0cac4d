package dev.berth.gateway.container.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The gateway's own resource limits, which bound what a container may be given. */
public final class HostLimits {
    /** Treated as the ceiling when the host's limit cannot be read. */
    static final long FALLBACK_NOFILE = 1024;

    private HostLimits() {}

    /** The hard RLIMIT_NOFILE of this process, from /proc/self/limits. */
    public static long nofileHardLimit() {
        try {
            return parseNofileHard(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return FALLBACK_NOFILE;
        }
    }

    static long parseNofileHard(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                if (fields.length >= 2) {
                    return fields[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[1]);
                }
            }
        }
        return FALLBACK_NOFILE;
    }
}
