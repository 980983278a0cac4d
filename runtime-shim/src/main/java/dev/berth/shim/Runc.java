package dev.berth.shim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runc command line. runc's own log goes to {@code <work>/runc.log} in JSON, so its stderr
 * carries only the fatal error, which is what callers see.
 */
final class Runc {
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final String binary;
    private final Path root;
    private final Path logFile;
    private final ChildReaper reaper;

    Runc(String binary, Path root, Path logFile, ChildReaper reaper) {
        this.binary = binary;
        this.root = root;
        this.logFile = logFile;
        this.reaper = reaper;
    }

    /**
     * {@code runc run --detach}: without a terminal runc passes its own stdio to the container
     * (in the foreground it would copy through pipes of its own, which die with runc) and exits
     * once the process runs.
     */
    ProcessBuilder run(String id, Path bundle, Path pidFile) {
        List<String> command = global();
        command.addAll(List.of("run", "--detach", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id));
        return new ProcessBuilder(command).directory(bundle.toFile());
    }

    Process start(ProcessBuilder builder) throws IOException {
        return reaper.spawn(builder);
    }

    void kill(String id, int signal, boolean all) throws RuncException {
        List<String> args = new ArrayList<>(List.of("kill"));
        if (all) {
            args.add("--all");
        }
        args.add(id);
        args.add(Integer.toString(signal));
        execute(args);
    }

    /** {@code runc delete --force}; a container runc does not know is fine. */
    void deleteIfExists(String id) throws RuncException {
        try {
            execute(List.of("delete", "--force", id));
        } catch (RuncException e) {
            if (!e.getMessage().contains("does not exist") && !e.getMessage().contains("not exist")) {
                throw e;
            }
        }
    }

    private List<String> global() {
        return new ArrayList<>(List.of(binary, "--root", root.toString(), "--log", logFile.toString(), "--log-format", "json"));
    }

    private void execute(List<String> args) throws RuncException {
        List<String> command = global();
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        Process process;
        try {
            process = start(builder);
        } catch (IOException e) {
            throw new RuncException("cannot run " + binary + ": " + e.getMessage());
        }
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new RuncException("runc " + args.getFirst() + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new RuncException(output.isEmpty() ? "runc " + args.getFirst() + " exited with status " + process.exitValue() : output);
            }
        } catch (IOException e) {
            throw new RuncException("runc " + args.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new RuncException("interrupted while running runc " + args.getFirst());
        }
    }
}
