package dev.berth.cli.command;

import dev.berth.cli.flags.FlagValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** run/create's --health-* flags as Config.Healthcheck (durations in nanoseconds, zero fields left out). */
final class HealthFlags {

    @Option(names = "--health-cmd", paramLabel = "string", description = "Command to run to check health")
    String command;

    @Option(names = "--health-interval", paramLabel = "duration", description = "Time between running the check (ms|s|m|h) (default 0s)")
    String interval;

    @Option(names = "--health-timeout", paramLabel = "duration", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
    String timeout;

    @Option(names = "--health-start-period", paramLabel = "duration",
            description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)")
    String startPeriod;

    @Option(names = "--health-retries", paramLabel = "int", description = "Consecutive failures needed to report unhealthy")
    Integer retries;

    @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
    boolean disabled;

    /** The Healthcheck object, or null when no health flag is given. */
    Map<String, Object> healthcheck() {
        long intervalNanos = nanos("--health-interval", interval);
        long timeoutNanos = nanos("--health-timeout", timeout);
        long startPeriodNanos = nanos("--health-start-period", startPeriod);
        int retryCount = retries == null ? 0 : retries;
        boolean anySetting = (command != null && !command.isEmpty()) || intervalNanos != 0 || timeoutNanos != 0
                || startPeriodNanos != 0 || retryCount != 0;
        if (disabled) {
            if (anySetting) {
                throw new IllegalArgumentException("--no-healthcheck conflicts with --health-* options");
            }
            return Map.of("Test", List.of("NONE"));
        }
        if (!anySetting) {
            return null;
        }
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("--health-interval cannot be negative");
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("--health-timeout cannot be negative");
        }
        if (retryCount < 0) {
            throw new IllegalArgumentException("--health-retries cannot be negative");
        }
        if (startPeriodNanos < 0) {
            throw new IllegalArgumentException("--health-start-period cannot be negative");
        }
        Map<String, Object> health = new LinkedHashMap<>();
        if (command != null && !command.isEmpty()) {
            health.put("Test", List.of("CMD-SHELL", command));
        }
        putIfNonZero(health, "Interval", intervalNanos);
        putIfNonZero(health, "Timeout", timeoutNanos);
        putIfNonZero(health, "StartPeriod", startPeriodNanos);
        putIfNonZero(health, "Retries", retryCount);
        return health;
    }

    private static long nanos(String flag, String value) {
        return value == null ? 0 : FlagValues.durationNanos(flag, value);
    }

    private static void putIfNonZero(Map<String, Object> health, String key, long value) {
        if (value != 0) {
            health.put(key, key.equals("Retries") ? (Object) (int) value : (Object) value);
        }
    }
}
