package dev.berth.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code berth-snapshotter} process on a test directory, launched with the test's Java
 * and class path (no checkout path assumed), its content store found through a config file.
 */
final class SnapshotterProcess implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private Process process;

    SnapshotterProcess(Path dir, String contentAddress) throws Exception {
        this.dir = dir;
        this.config = Files.writeString(dir.resolve("snapshotter.properties"), "content.address=" + contentAddress + "\n");
    }

    Path root() {
        return dir.resolve("root");
    }

    Path socket() {
        return dir.resolve("run/snapshotter.sock");
    }

    /** Starts the process (appending to snapshotter.log) and returns a channel once it serves. */
    ManagedChannel start() throws Exception {
        Files.deleteIfExists(socket());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SnapshotterMain.class.getName(),
                "--root", root().toString(), "--state", dir.resolve("run").toString(), "--config", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("snapshotter.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket())) {
            assertTrue(process.isAlive(), () -> "berth-snapshotter exited: " + log());
            assertTrue(System.nanoTime() < deadline, "berth-snapshotter did not create its socket");
            Thread.sleep(20);
        }
        ManagedChannel channel = GrpcChannels.dial(socket(), "default");
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withWaitForReady().check(HealthCheckRequest.newBuilder()
                        .setService("containerd.services.snapshots.v1.Snapshots").build()).getStatus());
        return channel;
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "berth-snapshotter survived SIGKILL");
    }

    String log() {
        try {
            return Files.readString(dir.resolve("snapshotter.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
