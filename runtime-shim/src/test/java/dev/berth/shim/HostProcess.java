package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real berth-shim host, started as the gateway starts it: a separate small-heap JVM with its own socket. */
final class HostProcess {
    final String group;
    final Path socket;
    final Path log;
    final Process process;

    private HostProcess(String group, Path socket, Path log, Process process) {
        this.group = group;
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    static HostProcess launch(Path state, Path runcRoot, String group, Path socket, boolean exitWhenIdle, Path log,
            String... extraArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xms8m", "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.berth.shim.ShimMain",
                "--socket", socket.toString(), "--state", state.toString(), "--group", group,
                "--runc", Prerequisites.RUNC, "--runc-root", runcRoot.toString()));
        if (exitWhenIdle) {
            command.add("--exit-when-idle");
        }
        command.addAll(List.of(extraArgs));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HostProcess host = new HostProcess(group, socket, log, process);
        try {
            host.awaitServing();
        } catch (Throwable e) {
            host.kill();
            throw e;
        }
        return host;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    int threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return (int) tasks.count();
        }
    }

    /** The sum of Pss in /proc/<pid>/smaps_rollup, in KiB. */
    long pssKib() throws IOException {
        long pss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                pss += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return pss;
    }

    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("berth-shim exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(socket)) {
                ManagedChannel channel = GrpcChannels.dial(socket, "default");
                try {
                    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance());
                    if (health.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // still binding
                } finally {
                    channel.shutdownNow();
                }
            }
            Thread.sleep(20);
        }
        fail("berth-shim did not get ready in 30 s:\n" + log());
    }
}
