package dev.berth.shim.task;

import dev.berth.api.runtime.v1.StdStream;
import dev.berth.shim.host.ChildProcesses;
import dev.berth.shim.host.EventLoop;
import dev.berth.shim.io.ConsoleReceiver;
import dev.berth.shim.io.OutputSource;
import dev.berth.shim.io.ProcessOutput;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.Procs;
import dev.berth.shim.posix.Spawner;
import dev.berth.shim.posix.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a process. The container's side of its stdio are FIFOs in its state directory,
 * opened O_RDWR by the child itself (posix_spawn file actions), so the container never gets
 * SIGPIPE or EPIPE while no host reads; the host reads with its own O_RDONLY|O_NONBLOCK ends
 * on the event loop, and the end of output comes when the process and its children are gone.
 * With a terminal, the pty master comes from runc over the console socket and is read the same
 * way. The process's exit comes through a pidfd; once its output is drained the exit is handed
 * to the {@link Listener}. Methods run on the event loop unless they say otherwise.
 */
final class ProcessRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRun.class);
    private static final long DRAIN_MILLIS = 3000;
    private static final long SLOW_CLIENT_DRAIN_MILLIS = 60_000;
    private static final AtomicInteger SHORT_SOCKETS = new AtomicInteger();

    /** How the start went: the process's pid, or runc's error. */
    sealed interface Outcome {
        record Started(int pid) implements Outcome {}

        record Failed(String message) implements Outcome {}
    }

    /** The container's side: called on the loop thread. */
    interface Listener {
        void started(TaskProcess process, int pid, long startTime);

        /** The run is over and its output drained; the exit must be recorded before anyone is told. */
        void exited(TaskProcess process, ExitRecord exit);
    }

    private final EventLoop loop;
    private final ChildProcesses children;
    private final TaskProcess process;
    private final ProcessOutput output;
    private final Listener listener;
    private final List<OutputSource> sources = new ArrayList<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private int stdoutFd = -1;
    private int stderrFd = -1;
    private int stdinFd = -1;
    private ConsoleReceiver console;
    private Runnable afterDrain;
    private EventLoop.Timer drainTimer;
    private long drainStarted;
    private boolean finished;

    private ProcessRun(EventLoop loop, ChildProcesses children, TaskProcess process, ProcessOutput output, Listener listener) {
        this.loop = loop;
        this.children = children;
        this.process = process;
        this.output = output;
        this.listener = listener;
    }

    /**
     * Any thread: makes the FIFOs (kept from run to run) and opens the host's ends before runc
     * opens the container's, and the console socket for a terminal.
     */
    static ProcessRun prepare(EventLoop loop, ChildProcesses children, TaskProcess process, ProcessOutput output,
            Listener listener) throws IOException {
        ProcessRun run = new ProcessRun(loop, children, process, output, listener);
        try {
            Files.createDirectories(process.dir);
            Files.deleteIfExists(process.pidFile());
            Fds.mkfifo(process.stdoutFifo());
            Fds.mkfifo(process.stderrFifo());
            run.stdoutFd = Fds.open(process.stdoutFifo(), Fds.O_RDONLY | Fds.O_NONBLOCK, 0);
            run.stderrFd = Fds.open(process.stderrFifo(), Fds.O_RDONLY | Fds.O_NONBLOCK, 0);
            if (process.stdinEnabled && !process.terminal) {
                Fds.mkfifo(process.stdinFifo());
                // O_RDWR: never blocks, and keeps the container's O_RDONLY open from blocking too
                run.stdinFd = Fds.open(process.stdinFifo(), Fds.O_RDWR | Fds.O_NONBLOCK, 0);
            }
            if (process.terminal) {
                run.console = ConsoleReceiver.listen(loop, consoleSocketPath(process));
            }
        } catch (IOException | RuntimeException e) {
            run.closeAll();
            throw e;
        }
        return run;
    }

    /** sun_path holds 107 bytes: a longer state path gets a short socket in the temp directory. */
    private static Path consoleSocketPath(TaskProcess process) {
        Path natural = process.consoleSocket().toAbsolutePath();
        if (natural.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= UnixSocket.MAX_PATH - 4) {
            return natural;
        }
        return Path.of(System.getProperty("java.io.tmpdir"),
                "berth-console-" + ProcessHandle.current().pid() + "-" + SHORT_SOCKETS.incrementAndGet() + ".sock");
    }

    /** What runc gets as its stdio (and hands to the container when there is no terminal). */
    List<Spawner.Action> stdioActions() {
        Spawner.Action stdin = process.stdinEnabled && !process.terminal
                ? new Spawner.Open(0, process.stdinFifo(), Fds.O_RDONLY, 0)
                : new Spawner.Open(0, Path.of("/dev/null"), Fds.O_RDONLY, 0);
        return List.of(stdin, new Spawner.Open(1, process.stdoutFifo(), Fds.O_RDWR, 0),
                new Spawner.Open(2, process.stderrFifo(), Fds.O_RDWR, 0));
    }

    Path consoleSocket() {
        return console == null ? null : console.path();
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Any thread: runc was spawned; from here on the loop follows it. */
    void launched(ChildProcesses.Child runc) {
        loop.execute(() -> {
            startSources();
            if (console != null) {
                console.start();
            }
            runc.exit().whenComplete((code, error) -> loop.execute(() -> runcExited(code == null ? -1 : code)));
        });
    }

    /** Any thread: runc could not be spawned at all. */
    void abandon() {
        loop.execute(this::closeAll);
    }

    /**
     * After a host restart: follows a process a previous host started, which still runs. Its
     * output FIFOs are reopened (what it wrote meanwhile is still in them, up to the pipe's size);
     * a terminal went with the old host. Its exit status cannot be known: it is not our child.
     */
    static ProcessRun adopt(EventLoop loop, ChildProcesses children, TaskProcess process, ProcessOutput output,
            Listener listener, int pid, long startTime) {
        ProcessRun run = new ProcessRun(loop, children, process, output, listener);
        if (!process.terminal) {
            try {
                run.stdoutFd = Fds.open(process.stdoutFifo(), Fds.O_RDONLY | Fds.O_NONBLOCK, 0);
                run.stderrFd = Fds.open(process.stderrFifo(), Fds.O_RDONLY | Fds.O_NONBLOCK, 0);
            } catch (RuntimeException e) {
                LOG.warn("cannot reopen the output of {}: {}", process.describe(), e.getMessage());
                Fds.close(run.stdoutFd);
                run.stdoutFd = -1;
            }
        }
        loop.execute(() -> {
            run.startSources();
            children.watch(pid, startTime).whenComplete((code, error) -> loop.execute(() -> run.exited(ExitRecord.UNKNOWN_STATUS,
                    "exit status unknown: the process was adopted by a restarted shim host, which is not its parent")));
        });
        return run;
    }

    private void startSources() {
        if (stdoutFd >= 0) {
            addSource(stdoutFd, StdStream.STDOUT);
            stdoutFd = -1;
        }
        if (stderrFd >= 0) {
            addSource(stderrFd, StdStream.STDERR);
            stderrFd = -1;
        }
    }

    private void addSource(int fd, StdStream stream) {
        addSource(fd, stream, false);
    }

    private void addSource(int fd, StdStream stream, boolean terminal) {
        OutputSource source = new OutputSource(loop, fd, stream, output, s -> drainProgress(), terminal);
        sources.add(source);
        source.start();
    }

    private void runcExited(int code) {
        int pid = code == 0 ? readPidFile() : 0;
        if (pid <= 0) {
            String status = code == 0 ? "runc exited without writing the pid file" : "runc exited with status " + code;
            failStart(status);
            return;
        }
        int master = -1;
        if (console != null) {
            console.poll(); // runc sent the master before it exited
            master = console.master().isDone() && !console.master().isCompletedExceptionally() ? console.master().join() : -1;
            console.close();
            if (master < 0) {
                Procs.kill(pid, 9);
                failStart("runc did not send the process's terminal");
                return;
            }
        }
        long startTime = Procs.startTime(pid);
        CompletableFuture<Integer> exit = children.watch(pid, startTime);
        if (master >= 0) {
            addSource(master, StdStream.STDOUT, true);
            stdinFd = Fds.dupCloexec(master);
        }
        output.release();
        if (stdinFd >= 0) {
            process.stdin.attach(stdinFd, process.terminal);
            stdinFd = -1;
        }
        listener.started(process, pid, startTime);
        outcome.complete(new Outcome.Started(pid));
        exit.whenComplete((status, error) -> loop.execute(() -> {
            boolean known = status != null && status != ChildProcesses.UNKNOWN;
            exited(known ? status : ExitRecord.UNKNOWN_STATUS, known ? null
                    : "exit status unknown: the process was not the shim host's child when it exited");
        }));
    }

    /** runc failed: its message (held back from the output) becomes Start's error and the run's end. */
    private void failStart(String fallback) {
        if (console != null) {
            console.close();
            if (console.master().isDone() && !console.master().isCompletedExceptionally()) {
                Fds.close(console.master().join()); // runc sent a terminal, then failed
            }
        }
        whenDrained(() -> {
            String message = output.discard();
            if (message.isEmpty()) {
                message = lastRuncError();
            }
            if (message.isEmpty()) {
                message = fallback;
            }
            message = dev.berth.shim.runc.Runc.errorMessage(message);
            finish(new ExitRecord(startFailureStatus(message), Instant.now(), null));
            outcome.complete(new Outcome.Failed(message));
        });
    }

    private void exited(int status, String error) {
        whenDrained(() -> finish(new ExitRecord(status, Instant.now(), error)));
    }

    private void finish(ExitRecord exit) {
        if (finished) {
            return;
        }
        finished = true;
        closeAll();
        process.stdin.detach();
        listener.exited(process, exit);
    }

    /** Runs {@code then} once every output source ended, or after a while (a leftover process may hold a FIFO). */
    private void whenDrained(Runnable then) {
        afterDrain = then;
        drainStarted = System.nanoTime();
        sources.forEach(OutputSource::readAvailable);
        drainTimer = loop.schedule(DRAIN_MILLIS, this::drainTimedOut);
        drainProgress();
    }

    private void drainProgress() {
        if (afterDrain != null && sources.stream().allMatch(OutputSource::ended)) {
            Runnable then = afterDrain;
            afterDrain = null;
            if (drainTimer != null) {
                drainTimer.cancel();
            }
            then.run();
        }
    }

    private void drainTimedOut() {
        if (afterDrain == null) {
            return;
        }
        boolean slowClient = !output.clientsReady();
        if (slowClient && System.nanoTime() - drainStarted < SLOW_CLIENT_DRAIN_MILLIS * 1_000_000) {
            drainTimer = loop.schedule(DRAIN_MILLIS, this::drainTimedOut);
            return;
        }
        LOG.info("output of {} did not end within the drain time; closing it", process.describe());
        new ArrayList<>(sources).forEach(OutputSource::end);
        drainProgress();
    }

    /** A client caught up: output flows again. */
    void resumeOutput() {
        if (output.clientsReady()) {
            sources.forEach(OutputSource::resume);
            sources.forEach(OutputSource::readAvailable);
        }
    }

    /** The pty master, for ResizePty; -1 without a terminal. */
    int terminalFd() {
        for (OutputSource source : sources) {
            if (source.isTerminal() && !source.ended()) {
                return source.fd();
            }
        }
        return -1;
    }

    private void closeAll() {
        sources.forEach(OutputSource::close);
        Fds.close(stdoutFd);
        Fds.close(stderrFd);
        Fds.close(stdinFd);
        stdoutFd = stderrFd = stdinFd = -1;
        if (console != null) {
            console.close();
        }
    }

    private int readPidFile() {
        try {
            String text = Files.readString(process.pidFile()).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The last error runc logged in its JSON log, for a failure that printed nothing. */
    private String lastRuncError() {
        try {
            List<String> lines = Files.readAllLines(process.dir.resolve(process.isInit() ? "runc.log" : "../../runc.log").normalize());
            for (int i = lines.size() - 1; i >= 0 && i >= lines.size() - 20; i--) {
                Object entry = dev.berth.shim.json.Json.parse(lines.get(i));
                if ("error".equals(dev.berth.shim.json.Json.stringAt(entry, "level"))) {
                    return dev.berth.shim.json.Json.stringAt(entry, "msg");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no log: the fallback message says what is known
        }
        return "";
    }

    /** Docker's exit statuses for a process that could not be started. */
    static int startFailureStatus(String message) {
        String lower = message.toLowerCase();
        if (lower.contains("executable file not found") || lower.contains("no such file or directory")) {
            return 127;
        }
        if (lower.contains("permission denied")) {
            return 126;
        }
        return 128;
    }
}
