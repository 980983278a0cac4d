package dev.berth.shim;

import dev.berth.api.runtime.v1.StdStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the container: {@code runc run --detach}, which hands the shim's FIFOs to the
 * container as its stdio and exits once the process runs. The container's init is then the
 * shim's child (the shim is a subreaper), so its exit status comes from waitpid, exactly as the
 * kernel reports it; runc is not needed for the run to go on.
 */
final class ContainerRun {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRun.class);
    static final String PID_FILE = "init.pid";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long output may still drain after the process exited (a leftover process could hold the FIFOs). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
    private static final long POLL_MS = 500;

    /** How Start went: the container's pid, or runc's error. */
    sealed interface StartOutcome {
        record Started(int pid, Instant startedAt) implements StartOutcome {}

        record Failed(String message) implements StartOutcome {}
    }

    /** Told once the run is over and its output drained. */
    interface ExitListener {
        void exited(ContainerRun run, ExitRecord exit);
    }

    private final Process runc;
    private final Path pidFile;
    private final RunOutput output;
    private final ChildReaper reaper;
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final CompletableFuture<StartOutcome> started = new CompletableFuture<>();
    private final CompletableFuture<ExitRecord> finished = new CompletableFuture<>();

    private ContainerRun(Process runc, Path pidFile, RunOutput output, ChildReaper reaper, InputStream stdout, InputStream stderr) {
        this.runc = runc;
        this.pidFile = pidFile;
        this.output = output;
        this.reaper = reaper;
        this.stdoutPump = OutputPump.start(stdout, StdStream.STDOUT, output);
        this.stderrPump = OutputPump.start(stderr, StdStream.STDERR, output);
    }

    /** Starts {@code runc run --detach} with the container's stdio as FIFOs in {@code work}. */
    static ContainerRun launch(Runc runcCommand, ChildReaper reaper, String id, Path bundle, Path work,
            StdinRelay stdin, boolean openStdin, RunOutput output, ExitListener listener) throws IOException {
        Path pidFile = work.resolve(PID_FILE);
        Files.deleteIfExists(pidFile);
        RunStdio stdio = new RunStdio(work, openStdin);
        Process process;
        InputStream stdout;
        InputStream stderr;
        OutputStream stdinPipe;
        try {
            process = runcCommand.start(stdio.redirect(runcCommand.run(id, bundle, pidFile)));
            stdout = stdio.stdout();
            stderr = stdio.stderr();
            stdinPipe = stdio.stdin();
        } catch (IOException | RuntimeException e) {
            stdio.closeAll();
            throw e;
        }
        stdio.close();
        ContainerRun run = new ContainerRun(process, pidFile, output, reaper, stdout, stderr);
        if (stdinPipe != null) {
            stdin.attachRun(stdinPipe);
        }
        Threads.startBlocking("run-watcher", () -> run.watch(listener));
        return run;
    }

    /**
     * Waits until runc has started the process (runc exited 0 and wrote the pid file) or has
     * failed. On failure the run is already finished (its exit status recorded) when this returns.
     */
    StartOutcome awaitStart() throws InterruptedException {
        if (!runc.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("runc did not start the container within {}; killing it", START_TIMEOUT);
            runc.destroyForcibly();
            runc.waitFor();
            output.data(StdStream.STDERR, "timed out starting the container".getBytes(StandardCharsets.UTF_8), Instant.now());
        }
        int pid = readPidFile();
        if (runc.exitValue() == 0 && pid > 0) {
            output.release();
            StartOutcome outcome = new StartOutcome.Started(pid, Instant.now());
            started.complete(outcome);
            return outcome;
        }
        // runc shares stderr with the container: what it printed is held back, and is the error
        stdoutPump.join(DRAIN_TIMEOUT);
        stderrPump.join(DRAIN_TIMEOUT);
        String message = output.discard();
        if (message.isEmpty()) {
            message = "runc run exited with status " + runc.exitValue() + " without starting the container";
        }
        StartOutcome outcome = new StartOutcome.Failed(message);
        started.complete(outcome);
        finished.join();
        return outcome;
    }

    CompletableFuture<ExitRecord> finished() {
        return finished;
    }

    private void watch(ExitListener listener) {
        ExitRecord exit;
        try {
            int status = switch (started.join()) {
                case StartOutcome.Failed failed -> startFailureStatus(failed.message());
                case StartOutcome.Started s -> waitForInit(s.pid());
            };
            stdoutPump.join(DRAIN_TIMEOUT);
            stderrPump.join(DRAIN_TIMEOUT);
            exit = new ExitRecord(status, Instant.now());
        } catch (InterruptedException | RuntimeException e) {
            LOG.error("lost track of the container's process", e);
            exit = new ExitRecord(Container.UNKNOWN_EXIT_STATUS, Instant.now());
        }
        try {
            listener.exited(this, exit);
        } finally {
            finished.complete(exit);
        }
    }

    /** The init's exit status; runc has exited by now, so the init is the shim's child. */
    private int waitForInit(int pid) throws InterruptedException {
        int status = reaper.waitForChild(pid);
        if (status != ChildReaper.NOT_A_CHILD) {
            return status;
        }
        // cannot happen while the shim is a subreaper; follow the process so Wait still ends
        LOG.warn("container init {} is not the shim's child; its exit status will be unknown", pid);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(POLL_MS);
        }
        return Container.UNKNOWN_EXIT_STATUS;
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

    private int readPidFile() {
        try {
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
