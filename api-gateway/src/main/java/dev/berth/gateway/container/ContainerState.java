package dev.berth.gateway.container;

import java.time.Instant;

/**
 * Docker's .State: status is one of created, running, paused, restarting, removing, exited, dead.
 * Null instants render as Docker's zero time "0001-01-01T00:00:00Z".
 */
public record ContainerState(
        String status,
        boolean running,
        boolean paused,
        boolean restarting,
        boolean oomKilled,
        boolean dead,
        int pid,
        int exitCode,
        String error,
        Instant startedAt,
        Instant finishedAt) {}
