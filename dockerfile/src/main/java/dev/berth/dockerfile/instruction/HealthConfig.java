package dev.berth.dockerfile.instruction;

import java.time.Duration;
import java.util.List;

/**
 * Docker's container HealthConfig as HEALTHCHECK sets it: test is ["NONE"], ["CMD", args...] or
 * ["CMD-SHELL", command]; zero durations and retries mean "inherit the default".
 */
public record HealthConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                           int retries) {
    public HealthConfig {
        test = List.copyOf(test);
    }

    public static HealthConfig none() {
        return new HealthConfig(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }
}
