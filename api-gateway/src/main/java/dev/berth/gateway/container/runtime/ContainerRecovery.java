package dev.berth.gateway.container.runtime;

import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's start: every record loaded and reconciled with its shim. Running containers get
 * their exit monitor back (they kept running while the gateway was away), exits that happened
 * meanwhile are recorded, half-done creates are rolled back and half-done removals finished.
 */
final class ContainerRecovery {
    private static final Logger log = LoggerFactory.getLogger(ContainerRecovery.class);

    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final ContainerLifecycle lifecycle;
    private final ContainerRemoval removal;
    private final ContainerPaths paths;
    private final ShimHosts hosts;

    ContainerRecovery(ContainerRegistry registry, ContainerTasks tasks, ContainerLifecycle lifecycle,
            ContainerRemoval removal, ContainerPaths paths, ShimHosts hosts) {
        this.registry = registry;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.removal = removal;
        this.paths = paths;
        this.hosts = hosts;
    }

    /** Returns the containers whose restart policy may want them started again. */
    List<ManagedContainer> recover() {
        List<String> orphans = new ArrayList<>();
        List<ContainerRecord> records;
        try {
            records = registry.store().loadAll(orphans);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read container records in " + paths.containersRoot() + ": " + e.getMessage(), e);
        }
        for (String orphan : orphans) {
            log.info("removing {}: a create that did not finish", orphan);
            removal.removeSnapshot(orphan);
            try {
                DurableFiles.deleteTree(paths.containerDir(orphan));
            } catch (IOException e) {
                log.warn("could not remove {}: {}", paths.containerDir(orphan), e.getMessage());
            }
        }
        for (ContainerRecord record : records) {
            try {
                registry.index().reserve(record.id(), record.name());
                registry.add(new ManagedContainer(record));
                hosts.joined(record.shimGroup() == null ? ShimHosts.SHARED : record.shimGroup());
            } catch (DockerApiException e) {
                log.error("ignoring container {}: {}", record.id(), e.getMessage());
            }
        }
        List<ManagedContainer> stopped = new ArrayList<>();
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> pending = new ArrayList<>();
            List<ManagedContainer> all = List.copyOf(registry.all());
            for (ManagedContainer container : all) {
                pending.add(work.submit(() -> recover(container)));
            }
            for (int i = 0; i < pending.size(); i++) {
                try {
                    if (pending.get(i).get()) {
                        stopped.add(all.get(i));
                    }
                } catch (ExecutionException e) {
                    log.error("recovery of a container failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stopped;
                }
            }
        }
        log.info("recovered {} containers", registry.size());
        return stopped;
    }

    /** True when the container is left stopped (its restart policy decides what comes next). */
    private boolean recover(ManagedContainer container) {
        ContainerRecord record = container.record();
        if (record.removing()) {
            removal.removeQuietly(container);
            return false;
        }
        if (record.running()) {
            return !reconnect(container);
        }
        if (record.hostConfig().autoRemove() && record.state().status().equals("exited")) {
            removal.removeQuietly(container); // it exited while its removal was still to come
            return false;
        }
        return true;
    }

    /** True when it still runs and is watched again. */
    private boolean reconnect(ManagedContainer container) {
        String id = container.id;
        long run;
        int exitStatus;
        Instant exitedAt = null;
        String error = null;
        container.lock.lock();
        try {
            run = ++container.run;
            TaskClient task = tasks.client(container);
            StateResponse state = null;
            try {
                state = task.state("");
                container.taskCreated = true;
            } catch (StatusRuntimeException | DockerApiException e) {
                log.warn("the shim of {} could not be asked: {}", id, e.getMessage());
            }
            if (state != null && (state.getStatus() == dev.berth.api.runtime.v1.Status.RUNNING
                    || state.getStatus() == dev.berth.api.runtime.v1.Status.PAUSED)) {
                ContainerRecord record = container.record();
                boolean paused = state.getStatus() == dev.berth.api.runtime.v1.Status.PAUSED;
                if (state.getPid() != record.state().pid() || paused != record.paused()) {
                    record = record.started(state.getPid(),
                            Optional.ofNullable(TaskClient.instant(state.getStartedAt())).orElse(Instant.now()));
                    registry.persist(container, paused ? record.withPaused(true) : record);
                }
                lifecycle.monitor().watch(container, task, run);
                lifecycle.health().watch(container, run);
                log.info("container {} is still running as pid {}", id, state.getPid());
                return true;
            }
            if (state != null && state.getStatus() == dev.berth.api.runtime.v1.Status.STOPPED) {
                exitStatus = state.getExitStatus();
                exitedAt = TaskClient.instant(state.getExitedAt());
                error = state.getError().isEmpty() ? null : state.getError();
            } else {
                Optional<ExitFile> recorded = ExitFile.read(paths.exitFile(id));
                if (recorded.isPresent()) {
                    exitStatus = recorded.get().exitStatus();
                    exitedAt = recorded.get().exitedAt();
                } else {
                    exitStatus = ExitMonitor.SHIM_GONE_EXIT;
                    error = ExitMonitor.SHIM_GONE;
                }
            }
        } finally {
            container.lock.unlock();
        }
        lifecycle.onExit(container, run, exitStatus, exitedAt, error);
        return false;
    }
}
