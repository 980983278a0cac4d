package dev.berth.shim.task;

import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.Status;
import dev.berth.shim.fs.ProcessSpecs;
import dev.berth.shim.fs.RootFs;
import dev.berth.shim.fs.UserResolver;
import dev.berth.shim.host.ChildProcesses;
import dev.berth.shim.io.JsonFileLog;
import dev.berth.shim.io.ProcessOutput;
import dev.berth.shim.posix.Procs;
import dev.berth.shim.runc.RuncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start of a container's init ({@code runc run --detach}) or of an exec ({@code runc exec
 * --detach}), and Exec, which prepares one. Start returns once runc has started the process
 * or failed; the run then goes on on the event loop.
 */
final class Launcher {
    private static final long START_TIMEOUT_SECONDS = 60;
    static final String PROCESS_FILE = "process.json";

    private Launcher() {}

    /** Runs the init (again, after it stopped); returns its pid. */
    static int startInit(Container c) throws InterruptedException {
        TaskProcess init = c.init;
        synchronized (c) {
            c.requireLive();
            if (init.isActive()) {
                throw Errors.failedPrecondition("container " + c.id + " is already running");
            }
            init.starting = true;
        }
        ProcessRun run = null;
        ChildProcesses.Child runc;
        try {
            try {
                c.awaitRuncStateRemoved(); // what a previous run left in runc's state
            } catch (RuncException e) {
                throw Errors.failedPrecondition("cannot remove the previous run of " + c.id + ": " + e.getMessage());
            }
            // the last run's exit.json would otherwise speak for this run if the host died during it
            c.store.removeExit();
            // the caller rewrites config.json before each start (a new network namespace, say):
            // the user resolved at Create goes back into it
            ProcessSpecs.ConfigFacts facts = ProcessSpecs.editConfig(c.bundle().resolve("config.json"),
                    ContainerSetup.user(c.record.resolvedUser), c.record.terminal);
            synchronized (c) {
                c.record.mountPoints = facts.mountPoints();
                c.record.readonlyRootfs = facts.readonlyRootfs();
            }
            JsonFileLog log = c.openLog();
            run = ProcessRun.prepare(c.services.loop(), c.services.children(), init, new ProcessOutput(log, init.attachments, true), c);
            synchronized (c) {
                init.run = run;
            }
            runc = c.services.runc().startRun(c.id, c.bundle(), init.pidFile(), run.consoleSocket(), c.store.runcLog(),
                    run.stdioActions());
        } catch (IOException | RuntimeException e) {
            abandon(c, init, run);
            if (e instanceof IOException) {
                throw Errors.failedPrecondition("cannot run runc: " + e.getMessage());
            }
            throw (RuntimeException) e;
        }
        run.launched(runc);
        return awaitOutcome(run, runc);
    }

    /** Exec: a process to add to the running container, prepared but not started. */
    static void createExec(Container c, ExecProcessRequest request) throws IOException {
        Errors.requireValidId("exec id", request.getExecId());
        if (request.getSpec().isEmpty()) {
            throw Errors.invalid("the exec's spec (an OCI process) is required");
        }
        synchronized (c) {
            c.requireRunning();
            if (c.init.status == Status.PAUSED) {
                throw Errors.failedPrecondition("container " + c.id + " is paused");
            }
            if (c.execs.containsKey(request.getExecId())) {
                throw Errors.alreadyExists("exec " + request.getExecId() + " already exists in container " + c.id);
            }
        }
        UserResolver.ResolvedUser user = null;
        if (!request.getUser().isEmpty()) {
            try (RootFs rootfs = RootFs.open(c.rootfs())) {
                user = UserResolver.resolve(request.getUser(), rootfs);
            }
        }
        byte[] spec;
        try {
            spec = ProcessSpecs.editExec(request.getSpec().toByteArray(), user, ContainerSetup.user(c.record.resolvedUser),
                    request.getTerminal());
        } catch (IllegalArgumentException e) {
            throw Errors.invalid("the exec's spec is not a valid OCI process: " + e.getMessage());
        }
        Path dir = c.store.execDir(request.getExecId());
        TaskProcess exec = new TaskProcess(c.services.loop(), c.id, request.getExecId(), dir, request.getTerminal(), request.getStdin(),
                true);
        synchronized (c) {
            c.requireRunning();
            if (c.execs.containsKey(request.getExecId())) {
                throw Errors.alreadyExists("exec " + request.getExecId() + " already exists in container " + c.id);
            }
            Files.createDirectories(dir);
            StateStore.writeAtomically(dir.resolve(PROCESS_FILE), spec);
            c.execs.put(request.getExecId(), exec);
            c.persist();
        }
    }

    /** Runs a created exec; returns its pid. */
    static int startExec(Container c, String execId) throws InterruptedException {
        TaskProcess exec = c.process(execId);
        synchronized (c) {
            if (!c.init.isRunning()) {
                throw Errors.notRunning(c.id);
            }
            if (exec.status != Status.CREATED || exec.starting) {
                throw Errors.failedPrecondition("exec " + execId + " in container " + c.id + " has already been started");
            }
            exec.starting = true;
        }
        ProcessRun run = null;
        ChildProcesses.Child runc;
        try {
            run = ProcessRun.prepare(c.services.loop(), c.services.children(), exec, new ProcessOutput(null, exec.attachments, true), c);
            synchronized (c) {
                exec.run = run;
            }
            runc = c.services.runc().startExec(c.id, exec.dir.resolve(PROCESS_FILE), exec.pidFile(), run.consoleSocket(),
                    c.store.runcLog(), run.stdioActions());
        } catch (IOException | RuntimeException e) {
            abandon(c, exec, run);
            if (e instanceof IOException) {
                throw Errors.failedPrecondition("cannot run runc: " + e.getMessage());
            }
            throw (RuntimeException) e;
        }
        run.launched(runc);
        return awaitOutcome(run, runc);
    }

    private static void abandon(Container c, TaskProcess process, ProcessRun run) {
        if (run != null) {
            run.abandon();
        }
        synchronized (c) {
            process.starting = false;
            process.run = null;
        }
        c.closeLogIfIdle();
    }

    private static int awaitOutcome(ProcessRun run, ChildProcesses.Child runc) throws InterruptedException {
        ProcessRun.Outcome outcome;
        try {
            try {
                outcome = run.outcome().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // runc hangs: killing it makes the run fail, with whatever it printed
                Procs.kill(runc.pid(), 9);
                outcome = run.outcome().get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw Errors.internal("starting the process failed: " + e);
        }
        if (outcome instanceof ProcessRun.Outcome.Failed failed) {
            throw Errors.failedPrecondition(failed.message());
        }
        return ((ProcessRun.Outcome.Started) outcome).pid();
    }
}
