package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts a container's berth-shim and waits until it serves. The shim puts itself in its own
 * session, so it outlives the gateway; its output goes to {@code <work>/shim.log}.
 */
final class ShimLauncher {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_BYTES = 2048;

    private final GatewaySettings settings;
    private final ContainerPaths paths;

    ShimLauncher(GatewaySettings settings, ContainerPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    /** Launches the shim of {@code id} and returns a connection once its health check answers SERVING. */
    ShimConnection launch(String id) {
        Path work = paths.shimDir(id);
        Path socket = paths.shimSocket(id);
        Path log = paths.shimLog(id);
        Process process;
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(socket);
            List<String> command = List.of(settings.shimBinary(),
                    "--id", id,
                    "--socket", socket.toString(),
                    "--work", work.toString(),
                    "--runc", settings.runcBinary(),
                    "--runc-root", settings.runcRoot().toString());
            process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to start shim for container " + id + ": " + e.getMessage(), e);
        }

        ShimConnection connection = null;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                // A launcher that daemonizes exits 0 while its shim keeps going; only a failure is final.
                if (!process.isAlive() && process.exitValue() != 0) {
                    throw DockerApiException.serverError("shim for container " + id + " exited with status "
                            + process.exitValue() + " before serving: " + tail(log), null);
                }
                if (Files.exists(socket)) {
                    if (connection == null) {
                        connection = ShimConnection.dial(socket, settings.namespace());
                    }
                    if (connection.healthy(500)) {
                        return connection;
                    }
                }
                Thread.sleep(20);
            }
            throw DockerApiException.serverError("shim for container " + id + " did not become ready within "
                    + READY_TIMEOUT.toSeconds() + "s: " + tail(log), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DockerApiException.serverError("interrupted while starting the shim of " + id, e);
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            process.destroyForcibly();
            throw e;
        }
    }

    /** The end of shim.log, the likeliest place for the reason it failed. */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(shim.log is empty)" : text;
        } catch (IOException e) {
            return "(no shim.log: " + e.getMessage() + ")";
        }
    }
}
