package dev.berth.network.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command such as {@code ip} or {@code iptables} and returns its stdout, or throws
 * {@link CommandFailedException} with its stderr. No shell is involved, so arguments are never
 * re-interpreted.
 */
public class CommandRunner {
    private static final long TIMEOUT_SECONDS = 30;
    private static final File DEV_NULL = new File("/dev/null");

    /** Runs the command; throws with its stderr if it exits non-zero. */
    public String run(String... command) {
        Result result = execute(List.of(command), null);
        if (result.exitCode() != 0) {
            throw new CommandFailedException(List.of(command), result.exitCode(), result.stderr());
        }
        return result.stdout();
    }

    /** Runs the command with {@code input} on its stdin; throws with its stderr if it exits non-zero. */
    public String runWithInput(String input, String... command) {
        Result result = execute(List.of(command), input);
        if (result.exitCode() != 0) {
            throw new CommandFailedException(List.of(command), result.exitCode(), result.stderr());
        }
        return result.stdout();
    }

    /** Runs the command and tells whether it exited zero, for checks such as {@code iptables -C}. */
    public boolean succeeds(String... command) {
        return execute(List.of(command), null).exitCode() == 0;
    }

    private Result execute(List<String> command, String input) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
            }
            process = builder.start();
            if (input != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new CommandFailedException(command, -1, "cannot start: " + e.getMessage());
        }
        // stderr is drained on its own thread so a chatty command cannot block on a full pipe
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(
                () -> readAll(process.getErrorStream()), Thread::startVirtualThread);
        String stdout = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandFailedException(command, -1, "timed out after " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), stdout, stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command, -1, "interrupted");
        } catch (ExecutionException e) {
            throw new CommandFailedException(command, process.exitValue(), "cannot read stderr: " + e.getCause());
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
