package dev.berth.common.testing;

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
 * A real Berth service process on a test directory ({@code <dir>/root}, {@code <dir>/run}),
 * launched with the test's own Java and class path (so no checkout path is assumed), waited for
 * until its health check answers SERVING, and killed (SIGKILL) or stopped with the test.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Class<?> main;
    private final String healthService;
    private final Path dir;
    private Process process;

    /**
     * @param name          the service's name: its socket is {@code <dir>/run/<name>.sock}, its log {@code <dir>/<name>.log}
     * @param main          its main class
     * @param healthService the gRPC service whose health says it serves
     */
    public ServiceProcess(String name, Class<?> main, String healthService, Path dir) {
        this.name = name;
        this.main = main;
        this.healthService = healthService;
        this.dir = dir;
    }

    public Path root() {
        return dir.resolve("root");
    }

    public Path socket() {
        return dir.resolve("run").resolve(name + ".sock");
    }

    public Process process() {
        return process;
    }

    /** Starts it with {@code extraArgs} (appending to its log); a channel in {@code namespace} once it serves. */
    public ManagedChannel start(String namespace, String... extraArgs) throws Exception {
        Files.deleteIfExists(socket());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName(),
                "--root", root().toString(), "--state", dir.resolve("run").toString()));
        command.addAll(List.of(extraArgs));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket())) {
            assertTrue(process.isAlive(), () -> "berth-" + name + " exited: " + log());
            assertTrue(System.nanoTime() < deadline, "berth-" + name + " did not create its socket");
            Thread.sleep(20);
        }
        ManagedChannel channel = GrpcChannels.dial(socket(), namespace);
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withWaitForReady().check(HealthCheckRequest.newBuilder().setService(healthService).build()).getStatus());
        return channel;
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "berth-" + name + " survived SIGKILL");
    }

    public String log() {
        try {
            return Files.readString(dir.resolve(name + ".log"));
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
