package dev.berth.shim.runc;

import dev.berth.shim.host.ChildProcesses;
import dev.berth.shim.host.EventLoop;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.Spawner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runc command line. Every call names the container's own JSON log file
 * ({@code <state>/<id>/runc.log}), so runc's stderr carries only its fatal error, which is what
 * callers see. Commands are spawned with posix_spawn and waited for on the event loop, so a
 * caller on a virtual thread blocks nothing but itself.
 */
public final class Runc {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final Pattern LOGRUS_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A finished command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final String binary;
    private final Path root;
    private final EventLoop loop;
    private final ChildProcesses children;

    public Runc(String binary, Path root, EventLoop loop, ChildProcesses children) {
        this.binary = binary;
        this.root = root;
        this.loop = loop;
        this.children = children;
    }

    public Path root() {
        return root;
    }

    /**
     * {@code runc run --detach}: without a terminal runc hands its own stdio (the actions) to the
     * container; with one, the pty master goes to {@code consoleSocket}. runc exits once the process runs.
     */
    public ChildProcesses.Child startRun(String id, Path bundle, Path pidFile, Path consoleSocket, Path log,
            List<Spawner.Action> stdio) {
        List<String> args = global(log);
        args.addAll(List.of("run", "--detach", "--bundle", bundle.toString(), "--pid-file", pidFile.toString()));
        if (consoleSocket != null) {
            args.addAll(List.of("--console-socket", consoleSocket.toString()));
        }
        args.add(id);
        return children.spawn(args, stdio);
    }

    /** {@code runc exec --detach --process <file>}: a process of its own in the running container. */
    public ChildProcesses.Child startExec(String id, Path processFile, Path pidFile, Path consoleSocket, Path log,
            List<Spawner.Action> stdio) {
        List<String> args = global(log);
        args.addAll(List.of("exec", "--detach", "--process", processFile.toString(), "--pid-file", pidFile.toString()));
        if (consoleSocket != null) {
            args.addAll(List.of("--console-socket", consoleSocket.toString()));
        }
        args.add(id);
        return children.spawn(args, stdio);
    }

    public void kill(String id, Path log, int signal, boolean all) throws RuncException {
        List<String> args = new ArrayList<>(List.of("kill"));
        if (all) {
            args.add("--all");
        }
        args.add(id);
        args.add(Integer.toString(signal));
        checked(log, args);
    }

    /**
     * {@code runc delete --force}; a container runc does not know is fine. runc keeps a container's
     * state in {@code <root>/<id>}: without that directory there is nothing to delete, and no runc
     * process is started (a start asks first, and most starts find nothing).
     */
    public void deleteIfExists(String id, Path log) throws RuncException {
        if (!java.nio.file.Files.exists(root.resolve(id))) {
            return;
        }
        try {
            checked(log, List.of("delete", "--force", id));
        } catch (RuncException e) {
            if (!e.getMessage().contains("not exist")) {
                throw e;
            }
        }
    }

    public void pause(String id, Path log) throws RuncException {
        checked(log, List.of("pause", id));
    }

    public void resume(String id, Path log) throws RuncException {
        checked(log, List.of("resume", id));
    }

    /** {@code runc ps --format json}: the pids of the container's processes, as JSON. */
    public String ps(String id, Path log) throws RuncException {
        return checked(log, List.of("ps", "--format", "json", id)).stdout();
    }

    /** {@code runc events --stats}: one stats event, as JSON. */
    public String stats(String id, Path log) throws RuncException {
        return checked(log, List.of("events", "--stats", id)).stdout();
    }

    public void update(String id, Path log, Path resources) throws RuncException {
        checked(log, List.of("update", "--resources", resources.toString(), id));
    }

    private Result checked(Path log, List<String> args) throws RuncException {
        Result result = command(log, args);
        if (result.exitCode() != 0) {
            String message = errorMessage(result.stderr().isBlank() ? result.stdout() : result.stderr());
            throw new RuncException(message.isEmpty() ? "runc " + args.getFirst() + " exited with status " + result.exitCode() : message);
        }
        return result;
    }

    /** runc's fatal error: the plain line, or logrus's msg="..." when it logged in text. */
    public static String errorMessage(String output) {
        String text = output.trim();
        Matcher m = LOGRUS_MESSAGE.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return last != null ? last : text;
    }

    /** Runs runc with stdin /dev/null and its stdout and stderr collected, and waits for it. */
    public Result command(Path log, List<String> args) throws RuncException {
        List<String> argv = global(log);
        argv.addAll(args);
        int[] out = Fds.pipe(Fds.O_NONBLOCK);
        int[] err;
        try {
            err = Fds.pipe(Fds.O_NONBLOCK);
        } catch (RuntimeException e) {
            Fds.close(out[0]);
            Fds.close(out[1]);
            throw e;
        }
        ChildProcesses.Child child;
        try {
            child = children.spawn(argv, List.of(new Spawner.Open(0, Path.of("/dev/null"), Fds.O_RDONLY, 0),
                    new Spawner.Dup(out[1], 1), new Spawner.Dup(err[1], 2)));
        } catch (RuntimeException e) {
            Fds.close(out[0]);
            Fds.close(err[0]);
            throw new RuncException("cannot run " + binary + ": " + e.getMessage());
        } finally {
            Fds.close(out[1]);
            Fds.close(err[1]);
        }
        CompletableFuture<byte[]> stdout = PipeCollector.collect(loop, out[0]);
        CompletableFuture<byte[]> stderr = PipeCollector.collect(loop, err[0]);
        try {
            int code = child.exit().get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Result(code, new String(stdout.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                    new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            dev.berth.shim.posix.Procs.kill(child.pid(), 9);
            throw new RuncException("runc " + args.getFirst() + " timed out");
        } catch (ExecutionException e) {
            throw new RuncException("runc " + args.getFirst() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuncException("interrupted while running runc " + args.getFirst());
        }
    }

    private List<String> global(Path log) {
        return new ArrayList<>(List.of(binary, "--root", root.toString(), "--log", log.toString(), "--log-format", "json"));
    }
}
