package dev.berth.gateway.container.runtime;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HealthState;
import dev.berth.gateway.container.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's health checks: while a container with a HEALTHCHECK (its image's or its own) runs,
 * its test runs every interval as an exec through the container's shim, with the timeout; the
 * outcome goes into State.Health, a health_status event when the status changes, and "(healthy)"
 * in ps. Failures during the start period do not count, as Docker's.
 */
final class HealthMonitor {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    private static final int MAX_OUTPUT = 4096;
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final ContainerTasks tasks;
    private final ContainerEvents events;
    private volatile boolean closed;

    HealthMonitor(ContainerTasks tasks, ContainerEvents events) {
        this.tasks = tasks;
        this.events = events;
    }

    /** Starts probing run {@code run} of the container, if it has a health check. */
    void watch(ManagedContainer container, long run) {
        ContainerConfig.Healthcheck check = container.record().config().healthcheck();
        if (check == null || check.disabled()) {
            container.health = null;
            return;
        }
        container.health = HealthState.starting();
        Thread.ofVirtual().name("health-" + container.id.substring(0, 12)).start(() -> probeLoop(container, run, check));
    }

    private void probeLoop(ManagedContainer container, long run, ContainerConfig.Healthcheck check) {
        Duration interval = duration(check.interval(), DEFAULT_INTERVAL);
        Duration timeout = duration(check.timeout(), DEFAULT_TIMEOUT);
        Duration startPeriod = duration(check.startPeriod(), Duration.ZERO);
        int retries = check.retries() == null || check.retries() <= 0 ? DEFAULT_RETRIES : check.retries();
        Instant started = Instant.now();
        while (!closed && !container.removed && container.run == run && container.record().running()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed || container.removed || container.run != run || !container.record().running()) {
                return;
            }
            if (container.record().paused()) {
                continue;
            }
            HealthState.Probe probe = probe(container, check.test(), timeout);
            record(container, run, probe, retries, Instant.now().isBefore(started.plus(startPeriod)));
        }
    }

    private void record(ManagedContainer container, long run, HealthState.Probe probe, int retries, boolean inStartPeriod) {
        HealthState before = container.health;
        if (before == null || container.run != run) {
            return;
        }
        List<HealthState.Probe> log = new ArrayList<>(before.log());
        log.add(probe);
        while (log.size() > HealthState.KEEP) {
            log.removeFirst();
        }
        String status;
        int streak;
        if (probe.exitCode() == 0) {
            status = "healthy";
            streak = 0;
        } else if (inStartPeriod && before.status().equals("starting")) {
            status = before.status(); // failures in the start period do not count
            streak = before.failingStreak();
        } else {
            streak = before.failingStreak() + 1;
            status = streak >= retries ? "unhealthy" : before.status();
        }
        container.health = new HealthState(status, streak, log);
        if (!status.equals(before.status())) {
            events.container(container.record(), "health_status: " + status, Map.of());
        }
    }

    /** Runs the test once; exit 0 healthy, anything else (a timeout included) a failure. */
    private HealthState.Probe probe(ManagedContainer container, List<String> test, Duration timeout) {
        Instant start = Instant.now();
        String execId = "health-" + ContainerIds.generate().substring(0, 24);
        TaskClient task;
        Capture output = new Capture();
        try {
            task = tasks.client(container);
            task.exec(ExecProcessRequest.newBuilder().setExecId(execId).setTerminal(false).setStdin(false)
                    .setSpec(ByteString.copyFrom(processSpec(container, command(test))))
                    .setUser(container.record().config().user() == null ? "" : container.record().config().user()));
            try (var attachment = ShimAttachment.open(task, execId, new AttachOptions(false, true, true), false, output)) {
                task.start(execId);
                CompletableFuture<WaitResponse> exit = CompletableFuture.supplyAsync(() -> task.awaitExit(execId),
                        command -> Thread.ofVirtual().start(command));
                int code;
                try {
                    code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getExitStatus();
                } catch (TimeoutException e) {
                    task.kill(execId, Signals.SIGKILL, false);
                    return new HealthState.Probe(start, Instant.now(), -1,
                            "Health check exceeded timeout (" + DockerTimeouts.human(timeout) + ")");
                }
                output.ended.get(2, TimeUnit.SECONDS);
                return new HealthState.Probe(start, Instant.now(), code, output.text());
            } finally {
                try {
                    task.delete(execId);
                } catch (RuntimeException ignored) {
                    // the exec is gone already
                }
            }
        } catch (Exception e) {
            log.debug("health check of {} failed to run: {}", container.id, e.getMessage());
            return new HealthState.Probe(start, Instant.now(), -1, String.valueOf(e.getMessage()));
        }
    }

    private static List<String> command(List<String> test) {
        return switch (test.getFirst()) {
            case "CMD" -> test.subList(1, test.size());
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
            default -> test; // an old form without a keyword: the command itself
        };
    }

    private byte[] processSpec(ManagedContainer container, List<String> command) throws Exception {
        return RecordStore.mapper().writeValueAsBytes(tasks.process(container.record(), command, false));
    }

    private static Duration duration(Long nanos, Duration fallback) {
        return nanos == null || nanos <= 0 ? fallback : Duration.ofNanos(nanos);
    }

    void close() {
        closed = true;
    }

    /** Keeps the first 4 KiB of a probe's output, as Docker does. */
    private static final class Capture implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public synchronized void output(int stream, byte[] data) {
            int room = MAX_OUTPUT - bytes.size();
            if (room > 0) {
                bytes.write(data, 0, Math.min(room, data.length));
            }
        }

        @Override
        public void closed(Throwable error) {
            ended.complete(null);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Go's duration text for the timeout message ("30s", "1m30s"). */
    private static final class DockerTimeouts {
        static String human(Duration d) {
            long s = d.toSeconds();
            if (s < 60) {
                return d.toMillis() % 1000 == 0 ? s + "s" : (d.toMillis() / 1000.0) + "s";
            }
            return (s / 60) + "m" + (s % 60) + "s";
        }
    }
}
