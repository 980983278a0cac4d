package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's runs: start, the exit of a run, signals, stop, restart, pause. Every state
 * change happens under the container's lock and is persisted before it is visible; no call to a
 * peer is made under the lock without a deadline.
 */
final class ContainerLifecycle {
    static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final Logger log = LoggerFactory.getLogger(ContainerLifecycle.class);
    private static final long KILL_WAIT_SECONDS = 10;

    /** What happens once a run's exit is recorded: restart policies, auto-removal, events. */
    interface ExitListener {
        void exited(ManagedContainer container, ContainerRecord exitedRecord, boolean stoppedByUser);
    }

    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final NetworkAttacher network;
    private final ContainerFiles files;
    private final ExitMonitor monitor;
    private final ContainerEvents events;
    private final HealthMonitor health;
    private ExitListener exitListener = (c, r, s) -> { };
    private ContainerVolumes volumes;

    ContainerLifecycle(ContainerRegistry registry, ContainerTasks tasks, NetworkAttacher network, ContainerFiles files,
            ContainerEvents events, HealthMonitor health) {
        this.health = health;
        this.registry = registry;
        this.tasks = tasks;
        this.network = network;
        this.files = files;
        this.events = events;
        this.monitor = new ExitMonitor(this::onExit);
    }

    void volumes(ContainerVolumes containerVolumes) {
        this.volumes = containerVolumes;
    }

    void onExit(ExitListener listener) {
        this.exitListener = listener;
    }

    ExitMonitor monitor() {
        return monitor;
    }

    HealthMonitor health() {
        return health;
    }

    // ---------------------------------------------------------------- start

    void start(String ref) {
        ManagedContainer container = registry.get(ref);
        startContainer(container, ref, false);
    }

    /** Starts the container; {@code byPolicy} for a restart policy's start (no 304, a removed container is fine). */
    void startContainer(ManagedContainer container, String ref, boolean byPolicy) {
        StartFailure failure = null;
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (record.removing()) {
                throw DockerApiException.conflict("container is marked for removal and cannot be started");
            }
            if (record.running()) {
                if (byPolicy) {
                    return;
                }
                throw DockerApiException.notModified();
            }
            container.stoppedByUser = false;
            try {
                startLocked(container);
            } catch (RuntimeException e) {
                failure = StartFailure.of(e);
                recordStartFailure(container, failure);
            }
        } finally {
            container.lock.unlock();
        }
        if (failure != null) {
            events.container(container.record(), "die", java.util.Map.of("exitCode", String.valueOf(failure.exitCode())));
            if (container.record().hostConfig().autoRemove()) {
                exitListener.exited(container, container.record(), true);
            }
            throw failure.error();
        }
        events.container(container.record(), "start", java.util.Map.of());
    }

    private void startLocked(ManagedContainer container) {
        String id = container.id;
        volumes.starting(id); // local-driver volumes mounted before the shim seeds or runc binds them
        NetworkAttacher.Attached attached;
        try {
            attached = network.attach(container.record());
        } catch (RuntimeException e) {
            volumes.stopped(id);
            throw e;
        }
        try {
            ContainerRecord record = container.record().withNetwork(attached.endpoints(), attached.netnsPath());
            files.writeForStart(record, attached.endpoints().isEmpty() ? null : attached.endpoints().getFirst().ipAddress(),
                    attached.dnsServer());
            registry.persist(container, record);
            TaskClient task = tasks.ensureCreated(container);
            tasks.writeSpec(container.record());
            int pid;
            try {
                pid = task.start("");
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
                container.taskCreated = false; // its host lost it: give it again
                task = tasks.ensureCreated(container);
                pid = task.start("");
            }
            long run = ++container.run;
            registry.persist(container, container.record().started(pid, Instant.now()));
            monitor.watch(container, task, run);
            health.watch(container, run);
            log.info("started container {} as pid {}", id, pid);
        } catch (IOException e) {
            network.release(id);
            volumes.stopped(id);
            throw DockerApiException.serverError("failed to start container " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            network.release(id);
            volumes.stopped(id);
            throw e;
        }
    }

    private void recordStartFailure(ManagedContainer container, StartFailure failure) {
        ContainerRecord record = container.record();
        ContainerRecord failed = record.startFailed(failure.exitCode(), failure.error().getMessage())
                .withNetwork(NetworkAttacher.detached(record.networks()), null);
        try {
            registry.persist(container, failed);
        } catch (RuntimeException e) {
            log.error("could not record the failed start of {}", container.id, e);
            container.publish(failed);
        }
    }

    // ---------------------------------------------------------------- exits

    /** The process of run {@code run} exited: record it, release its network, wake waiters, then the listener. */
    void onExit(ManagedContainer container, long run, int exitStatus, Instant exitedAt, String error) {
        WaitResult result;
        ContainerRecord exited;
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (container.removed || container.run != run || !record.running()) {
                return;
            }
            network.released(record);
            volumes.stopped(container.id);
            exited = record.exited(exitStatus, exitedAt == null ? Instant.now() : exitedAt, error)
                    .withNetwork(NetworkAttacher.detached(record.networks()), null);
            try {
                registry.persist(container, exited);
            } catch (RuntimeException e) {
                log.error("could not record the exit of {}", container.id, e);
                container.publish(exited);
            }
            log.info("container {} exited with status {}", container.id, exitStatus);
            result = new WaitResult(exitStatus, error == null || error.isEmpty() ? null : error);
        } finally {
            container.lock.unlock();
        }
        events.container(exited, "die", java.util.Map.of("exitCode", String.valueOf(exitStatus)));
        container.waiters.exited(result);
        exitListener.exited(container, exited, container.stoppedByUser);
    }

    // ---------------------------------------------------------------- signals

    void kill(String ref, String signal) {
        ManagedContainer container = registry.get(ref);
        int number = Signals.parse(signal, Signals.SIGKILL);
        CompletableFuture<WaitResult> exit;
        TaskClient task;
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            if (!container.record().running()) {
                throw DockerApiException.conflict("Container " + container.id + " is not running");
            }
            task = tasks.client(container);
            exit = number == Signals.SIGKILL ? container.waiters.add(WaitCondition.NEXT_EXIT) : null;
            if (number == Signals.SIGKILL) {
                container.stoppedByUser = true; // docker kill: no restart by an always/on-failure policy until the next start
            }
        } finally {
            container.lock.unlock();
        }
        try {
            task.kill("", number, false);
        } catch (StatusRuntimeException e) {
            cancel(exit);
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                throw DockerApiException.conflict("Container " + container.id + " is not running");
            }
            throw GrpcErrors.toDocker("failed to kill container " + container.id, e);
        }
        events.container(container.record(), "kill", java.util.Map.of("signal", String.valueOf(number)));
        // Like Docker, a SIGKILL returns once the container is stopped.
        if (exit != null && !await(exit, KILL_WAIT_SECONDS)) {
            throw DockerApiException.serverError("container " + container.id + " did not exit within "
                    + KILL_WAIT_SECONDS + "s of SIGKILL", null);
        }
    }

    void stop(String ref, Integer timeoutSeconds) {
        ManagedContainer container = registry.get(ref);
        if (!stopContainer(container, ref, timeoutSeconds)) {
            throw DockerApiException.notModified();
        }
    }

    /** False when it was not running. */
    boolean stopContainer(ManagedContainer container, String ref, Integer timeoutSeconds) {
        CompletableFuture<WaitResult> exit;
        TaskClient task;
        int signal;
        int timeout;
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            ContainerRecord record = container.record();
            container.stoppedByUser = true;
            if (!record.running()) {
                return false;
            }
            signal = Signals.parse(record.config().stopSignal(), Signals.SIGTERM);
            timeout = timeoutSeconds != null ? timeoutSeconds
                    : record.config().stopTimeout() != null ? record.config().stopTimeout() : DEFAULT_STOP_TIMEOUT;
            task = tasks.client(container);
            exit = container.waiters.add(WaitCondition.NEXT_EXIT);
        } finally {
            container.lock.unlock();
        }
        if (container.record().paused()) {
            resumeQuietly(task); // a frozen process cannot act on the signal
        }
        if (!signal(task, signal)) {
            cancel(exit);
            return true; // it exited meanwhile
        }
        if (timeout < 0 ? await(exit, Long.MAX_VALUE / 4) : await(exit, timeout)) {
            events.container(container.record(), "stop", java.util.Map.of());
            return true;
        }
        log.info("container {} did not stop within {}s of signal {}: killing it", container.id, timeout, signal);
        signal(task, Signals.SIGKILL);
        if (!await(exit, KILL_WAIT_SECONDS)) {
            throw DockerApiException.serverError("container " + container.id + " did not exit after SIGKILL", null);
        }
        events.container(container.record(), "stop", java.util.Map.of());
        return true;
    }

    void restart(String ref, Integer timeoutSeconds) {
        ManagedContainer container = registry.get(ref);
        stopContainer(container, ref, timeoutSeconds);
        startContainer(container, ref, true);
        events.container(container.record(), "restart", java.util.Map.of());
    }

    /** Kills a running container for removal and waits for its exit. */
    void killForRemoval(ManagedContainer container) {
        CompletableFuture<WaitResult> exit;
        TaskClient task;
        container.lock.lock();
        try {
            if (!container.record().running()) {
                return;
            }
            container.stoppedByUser = true;
            exit = container.waiters.add(WaitCondition.NEXT_EXIT);
            task = tasks.client(container);
        } finally {
            container.lock.unlock();
        }
        if (container.record().paused()) {
            resumeQuietly(task);
        }
        signal(task, Signals.SIGKILL);
        if (!await(exit, KILL_WAIT_SECONDS)) {
            throw DockerApiException.serverError("could not kill running container " + container.id
                    + ", cannot remove", null);
        }
    }

    private static void resumeQuietly(TaskClient task) {
        try {
            task.resume();
        } catch (StatusRuntimeException e) {
            log.debug("resume before stop: {}", e.getStatus());
        }
    }

    /** Sends a signal; false when the container is no longer running. */
    private static boolean signal(TaskClient task, int signal) {
        try {
            task.kill("", signal, false);
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                    || e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw GrpcErrors.toDocker("failed to signal the container", e);
        }
    }

    static boolean await(CompletableFuture<WaitResult> future, long seconds) {
        try {
            future.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DockerApiException.serverError("interrupted", e);
        } catch (ExecutionException e) {
            throw DockerApiException.serverError("wait failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void cancel(CompletableFuture<WaitResult> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
