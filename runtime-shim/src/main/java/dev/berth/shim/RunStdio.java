package dev.berth.shim;

import dev.berth.common.posix.Posix;
import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The container's stdio for one run, as FIFOs rather than the JDK's process pipes: the JDK
 * closes a Process's pipes when that process (runc) exits, but the container may outlive runc,
 * and its output must keep flowing to the shim. runc gets the FIFOs as its stdio (which it hands
 * to the container); the shim holds the other ends. The FIFO files are unlinked once both ends are open.
 */
final class RunStdio implements Closeable {
    private static final int S_IFIFO = 0010000;
    private static final long OPEN_TIMEOUT_SECONDS = 30;

    private final Path stdinFifo;
    private final Path stdoutFifo;
    private final Path stderrFifo;
    private final CompletableFuture<OutputStream> stdin;
    private final CompletableFuture<InputStream> stdout;
    private final CompletableFuture<InputStream> stderr;

    /**
     * Makes the FIFOs in {@code dir} and starts opening the shim's ends, which completes once
     * the process builder opens runc's ends. Without {@code openStdin}, runc's stdin is /dev/null.
     */
    RunStdio(Path dir, boolean openStdin) throws IOException {
        stdinFifo = openStdin ? fifo(dir.resolve("stdin.fifo")) : null;
        stdoutFifo = fifo(dir.resolve("stdout.fifo"));
        stderrFifo = fifo(dir.resolve("stderr.fifo"));
        stdin = openStdin ? openAsync(() -> new FileOutputStream(stdinFifo.toFile())) : CompletableFuture.completedFuture(null);
        stdout = openAsync(() -> new FileInputStream(stdoutFifo.toFile()));
        stderr = openAsync(() -> new FileInputStream(stderrFifo.toFile()));
    }

    /** runc's ends. */
    ProcessBuilder redirect(ProcessBuilder builder) {
        return builder
                .redirectInput(stdinFifo == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdinFifo.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.to(stdoutFifo.toFile()))
                .redirectError(ProcessBuilder.Redirect.to(stderrFifo.toFile()));
    }

    /** After runc started: the shim's ends, open. Null stdin without open_stdin. */
    OutputStream stdin() throws IOException {
        return await(stdin);
    }

    InputStream stdout() throws IOException {
        return await(stdout);
    }

    InputStream stderr() throws IOException {
        return await(stderr);
    }

    /** Removes the FIFO files; when runc never opened its ends, opens them ourselves to release the waiting threads. */
    @Override
    public void close() {
        release(stdinFifo, stdin);
        release(stdoutFifo, stdout);
        release(stderrFifo, stderr);
        for (Path fifo : new Path[] {stdinFifo, stdoutFifo, stderrFifo}) {
            if (fifo != null) {
                try {
                    Files.deleteIfExists(fifo);
                } catch (IOException ignored) {
                    // replaced by the next run
                }
            }
        }
    }

    /** Closes what the shim opened too: for a run that never started. */
    void closeAll() {
        close();
        for (CompletableFuture<? extends Closeable> end : java.util.List.of(stdin, stdout, stderr)) {
            Closeable c = end.getNow(null);
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // nothing to flush
                }
            }
        }
    }

    private static void release(Path fifo, CompletableFuture<?> opening) {
        if (fifo == null || opening.isDone()) {
            return;
        }
        // O_RDWR on a FIFO never blocks and counts as both a reader and a writer
        try (RandomAccessFile ignored = new RandomAccessFile(fifo.toFile(), "rw")) {
            opening.join();
        } catch (IOException | RuntimeException ignored) {
            // the waiting thread ends either way
        }
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private static <T> CompletableFuture<T> openAsync(Opener<T> opener) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Threads.startBlocking("fifo-open", () -> {
            try {
                result.complete(opener.open());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> T await(CompletableFuture<T> opening) throws IOException {
        try {
            return opening.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot open the container's stdio: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("timed out opening the container's stdio");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the container's stdio");
        }
    }

    private static Path fifo(Path path) throws IOException {
        Files.deleteIfExists(path);
        Posix.mknod(path, S_IFIFO | 0600, 0);
        return path;
    }
}
