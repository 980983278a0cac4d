package dev.berth.shim;

import dev.berth.api.runtime.v1.AttachOptions;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.CreateRequest;
import dev.berth.api.runtime.v1.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one container a shim owns and its life: created (rootfs mounted), running, stopped, started
 * again, deleted. Errors are gRPC statuses as containerd uses them.
 */
final class Container {
    private static final Logger LOG = LoggerFactory.getLogger(Container.class);
    private static final long DETACHED_POLL_MS = 500;
    /** containerd's exit status for a process whose real status could not be known. */
    static final int UNKNOWN_EXIT_STATUS = 255;

    /** What State reports. */
    record Snapshot(String id, Status status, int pid, ExitRecord lastExit, Instant startedAt, String bundle) {}

    private final String id;
    private final StateStore store;
    private final Runc runc;
    private final ChildReaper reaper;
    private final Attachments attachments = new Attachments();

    private ShimState state;
    private Status status = Status.UNKNOWN;
    private boolean starting;
    private boolean deleted;
    /** The last run whose exit is recorded, so that a run that ended at once is not reported running. */
    private ContainerRun lastExitedRun;
    private int pid;
    private Instant startedAt;
    private ExitRecord lastExit;
    private StdinRelay stdin = new StdinRelay(false);
    private JsonFileLog log;
    /** Completed when the current run, or the next one if none runs, exits. */
    private CompletableFuture<ExitRecord> nextExit = new CompletableFuture<>();

    Container(String id, StateStore store, Runc runc, ChildReaper reaper) {
        this.id = id;
        this.store = store;
        this.runc = runc;
        this.reaper = reaper;
    }

    String id() {
        return id;
    }

    /**
     * Picks the container up again after the shim was restarted with the same --work. A process
     * that ran under the previous shim is followed until it exits, but its stdio and exit status
     * went with that shim: its exit is recorded as 255, as containerd does.
     */
    synchronized void restore() throws IOException {
        ShimState saved = store.loadState().orElse(null);
        if (saved == null) {
            return;
        }
        if (!saved.id().equals(id)) {
            throw new IllegalStateException(store.work() + " holds container " + saved.id() + ", not " + id);
        }
        state = saved;
        stdin = new StdinRelay(saved.openStdin());
        log = saved.logPath() == null || saved.logPath().isEmpty() ? null : JsonFileLog.open(Path.of(saved.logPath()));
        lastExit = store.loadExit().orElse(null);
        status = Status.valueOf(saved.status());
        if (status == Status.RUNNING) {
            pid = saved.pid();
            startedAt = Timestamps.parse(saved.startedAt());
            if (ProcessHandle.of(pid).isPresent()) {
                LOG.info("container {} still runs as pid {} from before the restart; following it", id, pid);
                Thread.ofVirtual().name("detached-watcher").start(this::followDetachedProcess);
            } else {
                recordExit(new ExitRecord(UNKNOWN_EXIT_STATUS, Instant.now()));
            }
        }
    }

    synchronized void create(CreateRequest request) throws IOException {
        if (deleted) {
            throw failedPrecondition("container " + id + " has been deleted");
        }
        if (state != null) {
            throw io.grpc.Status.ALREADY_EXISTS.withDescription("container " + id + " already exists").asRuntimeException();
        }
        if (!request.getId().equals(id)) {
            throw invalid("this shim serves container \"" + id + "\", not \"" + request.getId() + "\"");
        }
        if (request.getTerminal()) {
            throw failedPrecondition("tty is not supported yet");
        }
        if (request.getBundle().isEmpty() || !Path.of(request.getBundle()).isAbsolute()) {
            throw invalid("bundle must be an absolute path");
        }
        Path bundle = Path.of(request.getBundle()).normalize();
        if (!Files.isRegularFile(bundle.resolve("config.json"))) {
            throw invalid("bundle " + bundle + " has no config.json");
        }
        if (!request.getLogPath().isEmpty() && !Path.of(request.getLogPath()).isAbsolute()) {
            throw invalid("log_path must be an absolute path");
        }
        Path rootfs = bundle.resolve("rootfs");
        boolean createdMountPoint = false;
        boolean mounted = false;
        JsonFileLog newLog = null;
        try {
            newLog = request.getLogPath().isEmpty() ? null : JsonFileLog.open(Path.of(request.getLogPath()));
            if (request.getRootfsCount() > 0) {
                createdMountPoint = RootfsMounter.createMountPoint(rootfs);
                RootfsMounter.mountAll(request.getRootfsList(), rootfs);
                mounted = true;
            } else if (!Files.isDirectory(rootfs)) {
                throw invalid("no rootfs mounts given and " + rootfs + " does not exist");
            }
            ShimState created = new ShimState(id, bundle.toString(), request.getLogPath(), request.getOpenStdin(),
                    request.getStdinOnce(), mounted, createdMountPoint, Status.CREATED.name(), 0, null);
            store.removeExit();
            store.saveState(created);
            state = created;
        } catch (RuntimeException | IOException e) {
            if (newLog != null) {
                newLog.close();
            }
            if (mounted) {
                RootfsMounter.unmountAll(rootfs);
            }
            if (createdMountPoint) {
                Files.deleteIfExists(rootfs);
            }
            if (e instanceof IllegalArgumentException) {
                throw invalid(e.getMessage());
            }
            throw e;
        }
        log = newLog;
        stdin = new StdinRelay(request.getOpenStdin());
        status = Status.CREATED;
        LOG.info("created container {} in {}", id, bundle);
    }

    /** Runs the container; returns its pid once the process exists. */
    int start() throws IOException, InterruptedException {
        ContainerRun run;
        synchronized (this) {
            requireCreated();
            if (status == Status.RUNNING || starting) {
                throw failedPrecondition("container " + id + " is already running");
            }
            starting = true;
        }
        try {
            try {
                runc.deleteIfExists(id); // what a previous run left in runc's state
            } catch (RuncException e) {
                throw failedPrecondition("cannot remove the previous run of " + id + ": " + e.getMessage());
            }
            // the last run's exit.json would otherwise speak for this run if the shim died during it
            store.removeExit();
            run = ContainerRun.launch(runc, reaper, id, Path.of(state.bundle()), store.work(),
                    stdin, state.openStdin(), new RunOutput(log, attachments), this::runExited);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                starting = false;
            }
            if (e instanceof IOException) {
                throw failedPrecondition("cannot run runc: " + e.getMessage());
            }
            throw e;
        }
        ContainerRun.StartOutcome outcome = run.awaitStart();
        synchronized (this) {
            starting = false;
            if (outcome instanceof ContainerRun.StartOutcome.Failed failed) {
                throw failedPrecondition(failed.message());
            }
            var started = (ContainerRun.StartOutcome.Started) outcome;
            startedAt = started.startedAt();
            if (lastExitedRun != run) {
                status = Status.RUNNING;
                pid = started.pid();
            }
            persist();
            LOG.info("started container {} as pid {}", id, started.pid());
            return started.pid();
        }
    }

    synchronized Snapshot snapshot() {
        requireCreated();
        return new Snapshot(id, status, pid, lastExit, startedAt, state.bundle());
    }

    /** The exit of the current run; of the last one at once when stopped; of the next one when created. */
    synchronized CompletableFuture<ExitRecord> awaitExit() {
        requireCreated();
        if (status == Status.STOPPED && !starting && lastExit != null) {
            return CompletableFuture.completedFuture(lastExit);
        }
        return nextExit;
    }

    void kill(int signal, boolean all) {
        synchronized (this) {
            requireCreated();
            if (signal < 1 || signal > 64) {
                throw invalid("signal " + signal + " is not valid");
            }
            if (status != Status.RUNNING) {
                throw failedPrecondition("container " + id + " is not running");
            }
        }
        try {
            runc.kill(id, signal, all);
        } catch (RuncException e) {
            synchronized (this) {
                if (status != Status.RUNNING) {
                    throw failedPrecondition("container " + id + " is not running");
                }
            }
            if (e.getMessage().contains("not running") || e.getMessage().contains("does not exist")
                    || e.getMessage().contains("process already finished")) {
                throw failedPrecondition("container " + id + " is not running");
            }
            throw io.grpc.Status.UNKNOWN.withDescription("runc kill: " + e.getMessage()).asRuntimeException();
        }
    }

    /** Removes the runc container and unmounts the rootfs. Returns the last exit, if any. */
    synchronized ExitRecord delete() throws IOException {
        requireCreated();
        if (status == Status.RUNNING || starting) {
            throw failedPrecondition("container " + id + " is running: kill it first");
        }
        try {
            runc.deleteIfExists(id);
        } catch (RuncException e) {
            throw io.grpc.Status.UNKNOWN.withDescription("runc delete: " + e.getMessage()).asRuntimeException();
        }
        Path rootfs = Path.of(state.bundle(), "rootfs");
        if (state.rootfsMounted()) {
            RootfsMounter.unmountAll(rootfs);
        }
        if (state.rootfsCreated()) {
            try {
                Files.deleteIfExists(rootfs);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", rootfs, e.toString());
            }
        }
        Files.deleteIfExists(store.work().resolve(ContainerRun.PID_FILE));
        store.removeState();
        if (log != null) {
            log.close();
        }
        deleted = true;
        state = null;
        status = Status.UNKNOWN;
        attachments.completeAll();
        nextExit.completeExceptionally(io.grpc.Status.NOT_FOUND.withDescription("container " + id + " was deleted").asRuntimeException());
        LOG.info("deleted container {}", id);
        return lastExit;
    }

    Attachment attach(AttachOptions options, ServerCallStreamObserver<AttachResponse> out) {
        synchronized (this) {
            requireCreated();
        }
        Attachment attachment = new Attachment(out, options);
        attachment.acknowledge();
        attachments.add(attachment);
        return attachment;
    }

    void detach(Attachment attachment) {
        attachment.cancelled();
        attachments.remove(attachment);
    }

    void writeStdin(Attachment attachment, byte[] data) throws InterruptedException {
        if (attachment.wantsStdin()) {
            currentStdin().write(data);
        }
    }

    /** The client's input ended; with stdin_once the container's stdin is closed. */
    void inputEnded(Attachment attachment) throws InterruptedException {
        boolean once;
        synchronized (this) {
            once = state != null && state.stdinOnce();
        }
        if (attachment.wantsStdin() && once) {
            currentStdin().close();
        }
    }

    private synchronized StdinRelay currentStdin() {
        return stdin;
    }

    /** Called by the run when its process exited and its output is drained. */
    private void runExited(ContainerRun run, ExitRecord exit) {
        synchronized (this) {
            LOG.info("container {} exited with status {}", id, exit.exitStatus());
            stdin.detachRun();
            lastExitedRun = run;
            recordExit(exit);
        }
    }

    /** Commits an exit to disk before anyone is told about it. */
    private void recordExit(ExitRecord exit) {
        try {
            store.saveExit(exit);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}", StateStore.EXIT_FILE, e.toString());
        }
        lastExit = exit;
        status = Status.STOPPED;
        starting = false;
        pid = 0;
        persist();
        attachments.completeAll();
        CompletableFuture<ExitRecord> waiting = nextExit;
        nextExit = new CompletableFuture<>();
        waiting.complete(exit);
    }

    /** Follows a process started by a previous shim until it is gone. */
    private void followDetachedProcess() {
        int followed;
        synchronized (this) {
            followed = pid;
        }
        while (ProcessHandle.of(followed).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(DETACHED_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
        synchronized (this) {
            if (status == Status.RUNNING && pid == followed) {
                recordExit(new ExitRecord(UNKNOWN_EXIT_STATUS, Instant.now()));
            }
        }
    }

    private void persist() {
        if (state == null) {
            return;
        }
        state = state.withRun(status.name(), pid, startedAt == null ? null : Timestamps.rfc3339Nano(startedAt));
        try {
            store.saveState(state);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}", StateStore.STATE_FILE, e.toString());
        }
    }

    private void requireCreated() {
        if (state == null) {
            throw io.grpc.Status.NOT_FOUND.withDescription("container " + id + " " + (deleted ? "was deleted" : "is not created"))
                    .asRuntimeException();
        }
    }

    private static StatusRuntimeException failedPrecondition(String message) {
        return io.grpc.Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    private static StatusRuntimeException invalid(String message) {
        return io.grpc.Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
