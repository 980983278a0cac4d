package dev.berth.interop;

import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Berth's services as its real process: {@code java -jar <module>/target/berth-*.jar} with
 * the flags deploy/bin/berth-java gives it, its log in a file, ready when its socket answers
 * gRPC health with SERVING. Stopped with SIGTERM (SIGKILL after 20 s).
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Path socket;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, Path socket, Path log, Process process) {
        this.name = name;
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} with {@code arguments} (which must make it serve on {@code socket}) and waits until it serves. */
    static ServiceProcess start(String name, Path jar, List<String> arguments, Path socket, Path log) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ServiceProcess service = new ServiceProcess(name, socket, log, process);
        try {
            service.awaitServing();
        } catch (Throwable e) {
            service.close();
            throw e;
        }
        return service;
    }

    Path socket() {
        return socket;
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before serving:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not create " + socket + " within 60 s:\n" + log());
            }
            Thread.sleep(50);
        }
        ManagedChannel channel = GrpcChannels.dial(socket, "default");
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            if (status != ServingStatus.SERVING) {
                throw new AssertionError(name + " reports " + status + ":\n" + log());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
