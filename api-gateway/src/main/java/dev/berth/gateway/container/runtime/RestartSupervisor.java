package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.container.HostConfig;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a container's exit: auto-removal (--rm), or a restart its policy asks for
 * (always, unless-stopped, on-failure[:N]) after Docker's back-off (100 ms, doubled at each
 * restart, back to 100 ms after a run of 10 s or more). A container waiting for its restart is
 * recorded "restarting", so a gateway that restarts meanwhile picks the restart up again.
 */
final class RestartSupervisor implements ContainerLifecycle.ExitListener {
    private static final Logger log = LoggerFactory.getLogger(RestartSupervisor.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);
    private static final Duration STABLE_RUN = Duration.ofSeconds(10);

    private final ContainerRegistry registry;
    private final ContainerLifecycle lifecycle;
    private final ContainerRemoval removal;
    private volatile boolean closed;

    RestartSupervisor(ContainerRegistry registry, ContainerLifecycle lifecycle, ContainerRemoval removal) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.removal = removal;
    }

    @Override
    public void exited(ManagedContainer container, ContainerRecord record, boolean stoppedByUser) {
        if (closed) {
            return;
        }
        HostConfig host = record.hostConfig();
        if (host.autoRemove()) {
            removal.removeQuietly(container);
            return;
        }
        if (!stoppedByUser && wantsRestart(host.restartPolicy(), record)) {
            schedule(container, delayAfter(container, record.state()));
        }
    }

    /** A container recorded "restarting" when the gateway stopped gets its restart now. */
    void resume(ManagedContainer container) {
        if ("restarting".equals(container.record().state().status())) {
            schedule(container, FIRST_DELAY);
        }
    }

    static boolean wantsRestart(HostConfig.RestartPolicy policy, ContainerRecord record) {
        if (policy == null || policy.name() == null) {
            return false;
        }
        return switch (policy.name()) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> record.state().exitCode() != 0
                    && (policy.maximumRetryCount() <= 0 || record.restartCount() < policy.maximumRetryCount());
            default -> false;
        };
    }

    private static Duration delayAfter(ManagedContainer container, ContainerState state) {
        Instant started = state.startedAt();
        Instant finished = state.finishedAt();
        if (started != null && finished != null && Duration.between(started, finished).compareTo(STABLE_RUN) >= 0) {
            container.restartDelay = FIRST_DELAY;
        } else {
            Duration last = container.restartDelay;
            container.restartDelay = last == null ? FIRST_DELAY : min(last.multipliedBy(2), MAX_DELAY);
        }
        return container.restartDelay;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void schedule(ManagedContainer container, Duration delay) {
        container.lock.lock();
        try {
            if (container.removed || container.record().running()) {
                return;
            }
            registry.persist(container, container.record().restarting());
        } finally {
            container.lock.unlock();
        }
        Thread.ofVirtual().name("restart-" + container.id.substring(0, 12)).start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            restart(container);
        });
    }

    private void restart(ManagedContainer container) {
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (closed || container.removed || !"restarting".equals(record.state().status())) {
                return;
            }
            if (container.stoppedByUser) {
                // docker stop during the back-off: it stays stopped
                registry.persist(container, record.exited(record.state().exitCode(), record.state().finishedAt(),
                        record.state().error()));
                return;
            }
            registry.persist(container, record.withRestartCount(record.restartCount() + 1));
        } finally {
            container.lock.unlock();
        }
        try {
            lifecycle.startContainer(container, container.id, true);
            log.info("restarted container {} (restart {})", container.id, container.record().restartCount());
        } catch (DockerApiException e) {
            log.warn("restart of container {} failed: {}", container.id, e.getMessage());
            ContainerRecord failed;
            container.lock.lock();
            try {
                if (container.removed || container.record().running()) {
                    return;
                }
                ContainerRecord record = container.record();
                failed = record.exited(record.state().exitCode(), Instant.now(), e.getMessage());
                registry.persist(container, failed);
            } finally {
                container.lock.unlock();
            }
            exited(container, failed, container.stoppedByUser);
        }
    }

    void close() {
        closed = true;
    }
}
