package dev.berth.cli.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** --ulimit NAME=SOFT[:HARD] as HostConfig.Ulimits wants it: {"Name", "Hard", "Soft"} (go-units ParseUlimit). */
public final class Ulimits {
    private static final List<String> NAMES = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private Ulimits() {
    }

    public static Map<String, Object> parse(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw invalid(value, "invalid ulimit argument: " + value);
        }
        String name = value.substring(0, eq);
        if (!NAMES.contains(name)) {
            throw invalid(value, "invalid ulimit type: " + name);
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw invalid(value, "too many limit value arguments - " + value.substring(eq + 1) + ", can only have up to two, `soft[:hard]`");
        }
        long soft = number(value, limits[0]);
        long hard = limits.length == 2 ? number(value, limits[1]) : soft;
        if (hard != -1) {
            if (soft == -1) {
                throw invalid(value, "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: " + hard);
            }
            if (soft > hard) {
                throw invalid(value, "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
        }
        Map<String, Object> ulimit = new LinkedHashMap<>();
        ulimit.put("Name", name);
        ulimit.put("Hard", hard);
        ulimit.put("Soft", soft);
        return ulimit;
    }

    private static long number(String value, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(value, "strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
        }
    }

    private static IllegalArgumentException invalid(String value, String reason) {
        return FlagValues.invalid("--ulimit", value, reason);
    }
}
