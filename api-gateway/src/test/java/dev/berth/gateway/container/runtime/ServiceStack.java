package dev.berth.gateway.container.runtime;

import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real peer services (content store, snapshotter, network service) as processes on
 * sockets in a temporary directory, and a launcher script for the real berth-shim. Everything
 * it starts or mounts is removed by {@link #close()}, also after a failed test.
 */
final class ServiceStack implements AutoCloseable {
    static final Path MAIN = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    // Overridable so that two checkouts can run their tests side by side without sharing a bridge.
    static final String BRIDGE = System.getenv().getOrDefault("BERTH_TEST_BRIDGE", "berthit0");
    static final String SUBNET = System.getenv().getOrDefault("BERTH_TEST_SUBNET", "10.68.0.0/24");
    static final String CHAINS = System.getenv().getOrDefault("BERTH_TEST_CHAINS", "BERTHIT");
    // The pool user-defined networks take their subnets from (network create without --subnet).
    static final String POOL = System.getenv().getOrDefault("BERTH_TEST_POOL", "10.66.0.0/16");

    record Module(String folder, String artifact, String mainClass) {
        Path jar() {
            return MAIN.resolve(folder).resolve("target").resolve(artifact + "-0.1.0-SNAPSHOT.jar");
        }

        String classpath() {
            return jar() + ":" + jar().getParent().resolve("lib") + "/*";
        }
    }

    static final Module CONTENT = new Module("content-store", "berth-content-store", "dev.berth.content.ContentStoreMain");
    static final Module SNAPSHOTTER = new Module("snapshotter", "berth-snapshotter", "dev.berth.snapshot.SnapshotterMain");
    static final Module NETWORK = new Module("network-service", "berth-network-service", "dev.berth.network.NetworkMain");
    static final Module SHIM = new Module("runtime-shim", "berth-runtime-shim", "dev.berth.shim.ShimMain");

    final Path dir;
    final Path state;
    final Path shimScript;
    private final List<Process> processes = new ArrayList<>();

    /** Null when a jar is missing: the reason is in {@link #missing()}. */
    static String missing() {
        for (Module module : List.of(CONTENT, SNAPSHOTTER, NETWORK, SHIM)) {
            if (!Files.isRegularFile(module.jar()) || !Files.isDirectory(module.jar().getParent().resolve("lib"))) {
                return module.jar() + " (with lib/) is not built";
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "running containers needs root";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/runc")) || !Files.isExecutable(Path.of("/usr/bin/busybox"))) {
            return "runc or busybox is not installed";
        }
        return null;
    }

    ServiceStack() throws IOException {
        // Short: the shims' socket paths (<state>/shims/<64 hex>/shim.sock) must stay under 108 bytes.
        dir = shortTempDir();
        state = Files.createDirectories(dir.resolve("s"));
        HostCleanup.removeBridgeAndChains(BRIDGE, CHAINS); // left by a run that was killed
        HostCleanup.removeBridgesIn(POOL);
        Files.writeString(dir.resolve("snapshotter.properties"), "content.address=unix://" + socket("content") + "\n");
        Files.writeString(dir.resolve("network.properties"), "bridge.name=" + BRIDGE + "\nbridge.subnet=" + SUBNET
                + "\niptables.chain-prefix=" + CHAINS + "\npool.subnet=" + POOL + "\n");
        shimScript = dir.resolve("berth-shim");
        Files.writeString(shimScript, "#!/bin/sh\nexec " + java() + " --enable-native-access=ALL-UNNAMED -cp '"
                + SHIM.classpath() + "' " + SHIM.mainClass() + " \"$@\"\n");
        shimScript.toFile().setExecutable(true);
        try {
            start(CONTENT, "content", null);
            start(SNAPSHOTTER, "snapshotter", dir.resolve("snapshotter.properties"));
            start(NETWORK, "network", dir.resolve("network.properties"));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Path shortTempDir() throws IOException {
        java.util.Random random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path candidate = Path.of("/tmp", "bit" + Integer.toHexString(random.nextInt(1 << 24)));
            try {
                return Files.createDirectory(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    Path socket(String service) {
        return state.resolve(service + ".sock");
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void start(Module module, String service, Path config) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                module.classpath(), module.mainClass(), "--root", dir.resolve(service).toString(),
                "--state", state.toString(), "--socket", socket(service).toString()));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(service + ".log").toFile()))
                .start();
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited: " + Files.readString(dir.resolve(service + ".log")));
            }
            if (Files.exists(socket(service)) && serving(socket(service))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IllegalStateException(service + " did not serve within 30s: " + Files.readString(dir.resolve(service + ".log")));
    }

    private static boolean serving(Path socket) {
        ManagedChannel channel = GrpcChannels.dial(socket, "berth");
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (RuntimeException e) {
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    /** Kills every process and removes every runc container, mount, namespace and link this stack made. */
    @Override
    public void close() {
        String marker = dir.toString();
        // Shims and anything else started with our directory on its command line (they left our session).
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .forEach(ProcessHandle::destroyForcibly);
        HostCleanup.runcDeleteAll(state.resolve("runc"));
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HostCleanup.unmountUnder(dir);
        HostCleanup.removeBridgeAndChains(BRIDGE, CHAINS);
        HostCleanup.removeBridgesIn(POOL);
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
