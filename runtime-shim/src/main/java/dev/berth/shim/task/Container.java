package dev.berth.shim.task;

import dev.berth.api.runtime.v1.Status;
import dev.berth.shim.io.JsonFileLog;
import dev.berth.shim.io.Timestamps;
import dev.berth.shim.runc.RuncException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container served by the host: its record, its init and its execs. Created, stopped or
 * deleted it is only records; running, its processes' I/O and exits are driven by the host's
 * event loop. Errors are gRPC statuses as containerd uses them.
 */
public final class Container implements ProcessRun.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Container.class);

    final String id;
    final Services services;
    final StateStore store;
    final ContainerRecord record;
    final TaskProcess init;
    final Map<String, TaskProcess> execs = new LinkedHashMap<>();
    private boolean deleted;
    /**
     * runc's record of the last run, removed as soon as the init exits (its cgroup and state dir:
     * `runc delete`, a process of ~10 ms) rather than when the engine asks for the delete or the
     * next start, which then only wait for it: for a `run --rm` that is the exit-to-removed path.
     */
    private CompletableFuture<Void> runcStateRemoval = CompletableFuture.completedFuture(null);
    /** The json-file log, open while the init runs. */
    private JsonFileLog log;

    Container(Services services, StateStore store, ContainerRecord record) {
        this.id = record.id;
        this.services = services;
        this.store = store;
        this.record = record;
        this.init = new TaskProcess(services.loop(), id, "", store.dir(), record.terminal, record.openStdin, record.stdinOnce);
    }

    public String id() {
        return id;
    }

    public String socket() {
        return record.socket == null || record.socket.isEmpty() ? null : record.socket;
    }

    Path bundle() {
        return Path.of(record.bundle);
    }

    Path rootfs() {
        return bundle().resolve("rootfs");
    }

    /** Whether a process of the container runs or is being started: the host is not idle then. */
    public synchronized boolean isActive() {
        if (init.isActive()) {
            return true;
        }
        for (TaskProcess exec : execs.values()) {
            if (exec.isActive()) {
                return true;
            }
        }
        return false;
    }

    /** The init, or the exec named; NOT_FOUND otherwise. */
    synchronized TaskProcess process(String execId) {
        requireLive();
        if (execId == null || execId.isEmpty()) {
            return init;
        }
        TaskProcess exec = execs.get(execId);
        if (exec == null) {
            throw Errors.execNotFound(id, execId);
        }
        return exec;
    }

    synchronized void requireLive() {
        if (deleted) {
            throw Errors.containerNotFound(id);
        }
    }

    synchronized void requireRunning() {
        requireLive();
        if (!init.isRunning()) {
            throw Errors.notRunning(id);
        }
    }

    public synchronized boolean deleted() {
        return deleted;
    }

    // ---- the event loop's side of a run (ProcessRun.Listener)

    @Override
    public synchronized void started(TaskProcess process, int pid, long startTime) {
        process.status = Status.RUNNING;
        process.pid = pid;
        process.pidStartTime = startTime;
        process.startedAt = Instant.now();
        process.starting = false;
        persist();
        LOG.info("started {} as pid {}", process.describe(), pid);
    }

    @Override
    public synchronized void exited(TaskProcess process, ExitRecord exit) {
        LOG.info("{} exited with status {}{}", process.describe(), exit.exitStatus(), exit.error() == null ? "" : " (" + exit.error() + ")");
        if (process.isInit()) {
            try {
                store.saveExit(exit);
            } catch (IOException e) {
                LOG.error("cannot write {} of {}: {}", StateStore.EXIT_FILE, id, e.toString());
            }
            if (log != null) {
                log.close();
                log = null;
            }
            runcStateRemoval = CompletableFuture.runAsync(this::removeRuncState, Thread.ofVirtual().name("runc-delete-" + id)::start);
        }
        process.ended(exit);
        persist();
    }

    /** Opens the json-file log for a run of the init; null without a log path. */
    synchronized JsonFileLog openLog() throws IOException {
        if (log == null && record.logPath != null && !record.logPath.isEmpty()) {
            log = JsonFileLog.open(Path.of(record.logPath));
        }
        return log;
    }

    synchronized void closeLogIfIdle() {
        if (log != null && init.run == null) {
            log.close();
            log = null;
        }
    }

    // ---- requests

    /** Kill: runc kill for the init (--all for every process), kill(2) for an exec. */
    void kill(String execId, int signal, boolean all) {
        if (signal < 1 || signal > 64) {
            throw Errors.invalid("signal " + signal + " is not valid");
        }
        TaskProcess process = process(execId);
        int pid;
        long startTime;
        synchronized (this) {
            if (!process.isRunning()) {
                throw notRunning(process);
            }
            pid = process.pid;
            startTime = process.pidStartTime;
        }
        if (!process.isInit()) {
            if (dev.berth.shim.posix.Procs.startTime(pid) != startTime || !dev.berth.shim.posix.Procs.kill(pid, signal)) {
                throw notRunning(process);
            }
            return;
        }
        try {
            services.runc().kill(id, store.runcLog(), signal, all);
        } catch (RuncException e) {
            synchronized (this) {
                if (!process.isRunning() || e.notRunning()) {
                    throw Errors.notRunning(id);
                }
            }
            throw io.grpc.Status.UNKNOWN.withDescription("runc kill: " + e.getMessage()).asRuntimeException();
        }
    }

    static io.grpc.StatusRuntimeException notRunning(TaskProcess process) {
        return Errors.failedPrecondition(process.describe() + " is not running");
    }

    /** The exit of the process's current run (of its last, or its next). */
    CompletableFuture<ExitRecord> awaitExit(String execId) {
        TaskProcess process = process(execId);
        synchronized (this) {
            return process.awaitExit();
        }
    }

    /** Pause and Resume: runc pause/resume of the whole container. */
    void pause(boolean pause) {
        synchronized (this) {
            requireLive();
            if (!init.isRunning()) {
                throw Errors.notRunning(id);
            }
            if (pause && init.status == Status.PAUSED) {
                throw Errors.failedPrecondition("container " + id + " is already paused");
            }
            if (!pause && init.status != Status.PAUSED) {
                throw Errors.failedPrecondition("container " + id + " is not paused");
            }
        }
        try {
            if (pause) {
                services.runc().pause(id, store.runcLog());
            } else {
                services.runc().resume(id, store.runcLog());
            }
        } catch (RuncException e) {
            throw Errors.failedPrecondition("runc " + (pause ? "pause" : "resume") + ": " + e.getMessage());
        }
        synchronized (this) {
            if (init.isRunning()) {
                init.status = pause ? Status.PAUSED : Status.RUNNING;
                persist();
            }
        }
    }

    /**
     * Delete of the init: refused while it runs; runc's container is removed, the rootfs
     * unmounted, the state directory removed (the last exit is the answer). Of an exec: forgets it.
     */
    ExitRecord delete(String execId) throws IOException {
        if (execId != null && !execId.isEmpty()) {
            synchronized (this) {
                TaskProcess exec = process(execId);
                if (exec.isActive()) {
                    throw Errors.failedPrecondition("exec " + execId + " in container " + id + " is running");
                }
                execs.remove(execId);
                persist();
                exec.attachments.completeAll();
                exec.nextExit.completeExceptionally(Errors.execNotFound(id, execId));
                dev.berth.common.fs.DurableFiles.deleteTree(exec.dir);
                return exec.lastExit;
            }
        }
        synchronized (this) {
            requireLive();
            if (isActive()) {
                throw Errors.failedPrecondition("container " + id + " is running: kill it first");
            }
            deleted = true; // no new request gets in while runc and the unmount run
        }
        try {
            awaitRuncStateRemoved();
        } catch (RuncException e) {
            synchronized (this) {
                deleted = false;
            }
            throw io.grpc.Status.UNKNOWN.withDescription("runc delete: " + e.getMessage()).asRuntimeException();
        }
        ContainerSetup.teardown(this);
        synchronized (this) {
            init.attachments.completeAll();
            init.nextExit.completeExceptionally(Errors.containerNotFound(id));
            for (TaskProcess exec : execs.values()) {
                exec.attachments.completeAll();
                exec.nextExit.completeExceptionally(Errors.containerNotFound(id));
            }
            LOG.info("deleted container {}", id);
            return init.lastExit;
        }
    }

    private void removeRuncState() {
        try {
            services.runc().deleteIfExists(id, store.runcLog());
        } catch (RuncException e) {
            // awaitRuncStateRemoved tries again, and reports what fails then
            LOG.warn("runc delete of {} after its exit: {}", id, e.getMessage());
        }
    }

    /**
     * Returns once runc keeps no state of this container's last run: the removal begun at the
     * init's exit is waited for, and whatever is still there (it failed, or a previous host left
     * it) is deleted now. Not with the lock held.
     */
    void awaitRuncStateRemoved() throws RuncException {
        CompletableFuture<Void> removal;
        synchronized (this) {
            removal = runcStateRemoval;
        }
        removal.join();
        services.runc().deleteIfExists(id, store.runcLog());
    }

    /** Writes state.json from the processes' fields. Caller holds the lock. */
    void persist() {
        if (deleted) {
            return;
        }
        record.status = init.status.name();
        record.pid = init.pid;
        record.pidStartTime = init.pidStartTime;
        record.startedAt = init.startedAt == null ? null : Timestamps.rfc3339Nano(init.startedAt);
        List<ContainerRecord.ExecRecord> execRecords = new ArrayList<>();
        for (TaskProcess exec : execs.values()) {
            ContainerRecord.ExecRecord r = new ContainerRecord.ExecRecord();
            r.execId = exec.execId;
            r.terminal = exec.terminal;
            r.stdin = exec.stdinEnabled;
            r.status = exec.status.name();
            r.pid = exec.pid;
            r.pidStartTime = exec.pidStartTime;
            r.startedAt = exec.startedAt == null ? null : Timestamps.rfc3339Nano(exec.startedAt);
            if (exec.lastExit != null) {
                r.exitStatus = exec.lastExit.exitStatus();
                r.exitedAt = Timestamps.rfc3339Nano(exec.lastExit.exitedAt());
                r.error = exec.lastExit.error();
            }
            execRecords.add(r);
        }
        record.execs = execRecords;
        try {
            store.saveState(record);
        } catch (IOException e) {
            LOG.error("cannot write {} of {}: {}", StateStore.STATE_FILE, id, e.toString());
        }
    }

    synchronized List<TaskProcess> allProcesses() {
        List<TaskProcess> all = new ArrayList<>();
        all.add(init);
        all.addAll(execs.values());
        return all;
    }
}
