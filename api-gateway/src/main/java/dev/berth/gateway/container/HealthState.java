package dev.berth.gateway.container;

import java.time.Instant;
import java.util.List;

/**
 * Docker's State.Health: "starting", "healthy" or "unhealthy", the count of consecutive
 * failures, and the last five probes.
 */
public record HealthState(String status, int failingStreak, List<Probe> log) {
    public static final int KEEP = 5;

    public HealthState {
        log = List.copyOf(log);
    }

    public static HealthState starting() {
        return new HealthState("starting", 0, List.of());
    }

    /** One run of the health check command. */
    public record Probe(Instant start, Instant end, int exitCode, String output) {}
}
