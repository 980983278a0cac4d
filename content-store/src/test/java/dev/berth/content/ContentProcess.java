package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code berth-content} process on a test directory: launched with the test's Java and
 * class path (so no checkout path is assumed), waited for until it serves, killed or stopped.
 */
final class ContentProcess implements AutoCloseable {
    private final Path dir;
    private Process process;

    ContentProcess(Path dir) {
        this.dir = dir;
    }

    Path socket() {
        return dir.resolve("run/content.sock");
    }

    Path root() {
        return dir.resolve("root");
    }

    Process process() {
        return process;
    }

    /** Starts the process (appending to content.log) and returns a channel in {@code namespace} once it serves. */
    ManagedChannel start(String namespace, String... extraArgs) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ContentStoreMain.class.getName(),
                "--root", root().toString(), "--state", dir.resolve("run").toString()));
        command.addAll(List.of(extraArgs));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("content.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket())) {
            assertTrue(process.isAlive(), () -> "berth-content exited: " + log());
            assertTrue(System.nanoTime() < deadline, "berth-content did not create its socket");
            Thread.sleep(20);
        }
        ManagedChannel channel = GrpcChannels.dial(socket(), namespace);
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withWaitForReady().check(HealthCheckRequest.newBuilder().setService("containerd.services.content.v1.Content").build())
                .getStatus());
        return channel;
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "berth-content survived SIGKILL");
    }

    String log() {
        try {
            return Files.readString(dir.resolve("content.log"));
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
