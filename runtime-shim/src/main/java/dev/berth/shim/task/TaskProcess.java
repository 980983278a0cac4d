package dev.berth.shim.task;

import dev.berth.api.runtime.v1.Status;
import dev.berth.shim.host.EventLoop;
import dev.berth.shim.io.Attachments;
import dev.berth.shim.io.StdinSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A process of a container: its init (exec id "") or an exec. Between runs it is only these
 * fields: no thread, no descriptor. Its mutable fields are guarded by the container's lock; its
 * stdin sink is used on the event loop only.
 */
final class TaskProcess {
    final String containerId;
    final String execId;
    /** Where its FIFOs, pid file and console socket are. */
    final Path dir;
    final boolean terminal;
    /** Whether stdin is kept open for attached clients (open_stdin, or an exec's stdin). */
    final boolean stdinEnabled;
    /** Whether the end of an attached client's input closes the process's stdin. */
    final boolean stdinOnce;
    final Attachments attachments = new Attachments();
    final StdinSink stdin;

    Status status = Status.CREATED;
    boolean starting;
    int pid;
    long pidStartTime;
    Instant startedAt;
    ExitRecord lastExit;
    /** The current run, while its process runs and its output drains. */
    volatile ProcessRun run;
    /** Completed when the current run, or the next one if none runs, ends. */
    CompletableFuture<ExitRecord> nextExit = new CompletableFuture<>();

    TaskProcess(EventLoop loop, String containerId, String execId, Path dir, boolean terminal, boolean stdinEnabled,
            boolean stdinOnce) {
        this.containerId = containerId;
        this.execId = execId;
        this.dir = dir;
        this.terminal = terminal;
        this.stdinEnabled = stdinEnabled;
        this.stdinOnce = stdinOnce;
        this.stdin = new StdinSink(loop);
    }

    boolean isInit() {
        return execId.isEmpty();
    }

    /** Running, paused, or being started: what keeps a host from being idle. */
    boolean isActive() {
        return starting || status == Status.RUNNING || status == Status.PAUSED || run != null;
    }

    boolean isRunning() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    String describe() {
        return isInit() ? "container " + containerId : "exec " + execId + " in container " + containerId;
    }

    Path stdinFifo() {
        return dir.resolve("stdin");
    }

    Path stdoutFifo() {
        return dir.resolve("stdout");
    }

    Path stderrFifo() {
        return dir.resolve("stderr");
    }

    Path pidFile() {
        return dir.resolve(isInit() ? "init.pid" : "pid");
    }

    Path consoleSocket() {
        return dir.resolve("console.sock");
    }

    /** The exit of the current run; of the last one at once when it is over; of the next one when created. */
    CompletableFuture<ExitRecord> awaitExit() {
        if (status == Status.STOPPED && !starting && run == null && lastExit != null) {
            return CompletableFuture.completedFuture(lastExit);
        }
        return nextExit;
    }

    /** The run ended: the exit is recorded (by the caller, on disk first), then everyone waiting is told. */
    void ended(ExitRecord exit) {
        lastExit = exit;
        status = Status.STOPPED;
        starting = false;
        pid = 0;
        pidStartTime = 0;
        run = null;
        attachments.completeAll();
        CompletableFuture<ExitRecord> waiting = nextExit;
        nextExit = new CompletableFuture<>();
        waiting.complete(exit);
    }
}
