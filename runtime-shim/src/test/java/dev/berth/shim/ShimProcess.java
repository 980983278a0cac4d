package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.api.runtime.v1.ShimGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.posix.Posix;
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

/**
 * The real berth-shim, started as the gateway starts it: a separate small-heap JVM with its own
 * socket, work directory and runc root. close() kills whatever is left: the shim, the runc
 * container, the rootfs mount.
 */
final class ShimProcess implements AutoCloseable {
    final BusyboxBundle bundle;
    final Path socket;
    final Path work;
    final Path runcRoot;
    final Process process;
    private final List<ManagedChannel> channels = new ArrayList<>();

    private ShimProcess(BusyboxBundle bundle, Path socket, Path work, Path runcRoot, Process process) {
        this.bundle = bundle;
        this.socket = socket;
        this.work = work;
        this.runcRoot = runcRoot;
        this.process = process;
    }

    static ShimProcess launch(Path dir, BusyboxBundle bundle) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path socket = dir.resolve("shim.sock");
        Path runcRoot = dir.resolve("runc");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-Xmx32m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.berth.shim.ShimMain",
                "--id", bundle.id, "--socket", socket.toString(), "--work", work.toString(),
                "--runc", "/usr/sbin/runc", "--runc-root", runcRoot.toString());
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("shim.log").toFile())
                .start();
        ShimProcess shim = new ShimProcess(bundle, socket, work, runcRoot, process);
        try {
            shim.awaitServing();
        } catch (Throwable e) {
            shim.close();
            throw e;
        }
        return shim;
    }

    ManagedChannel newChannel() {
        ManagedChannel channel = GrpcChannels.dial(socket, "default");
        synchronized (channels) {
            channels.add(channel);
        }
        return channel;
    }

    ShimGrpc.ShimBlockingStub blocking(ManagedChannel channel) {
        return ShimGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(work.resolve("shim.log"));
        } catch (IOException e) {
            return "(no shim.log: " + e + ")";
        }
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
                    // the server is still binding
                } finally {
                    channel.shutdownNow();
                }
            }
            Thread.sleep(50);
        }
        fail("berth-shim did not get ready in 30 s:\n" + log());
    }

    /** Everything the test started goes away, whether it passed or not. */
    @Override
    public void close() throws Exception {
        synchronized (channels) {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow();
            }
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (Files.isDirectory(runcRoot)) {
            Process delete = new ProcessBuilder("/usr/sbin/runc", "--root", runcRoot.toString(), "delete", "--force", bundle.id)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            delete.waitFor(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 8 && isMounted(bundle.rootfs()); i++) {
            Posix.unmount(bundle.rootfs(), Posix.MNT_DETACH);
        }
    }

    static boolean isMounted(Path path) throws IOException {
        String target = " " + path.toAbsolutePath() + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(line -> line.contains(target));
    }
}
