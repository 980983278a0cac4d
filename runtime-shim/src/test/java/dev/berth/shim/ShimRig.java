package dev.berth.shim;

import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.posix.Posix;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the gateway does, for tests: shim hosts per group (one shared host, or a host per
 * container with --exit-when-idle, started again when a call finds none), busybox containers,
 * and a clean-up that kills every host it started, removes runc's containers and unmounts the
 * rootfs, whether the test passed or not.
 */
final class ShimRig implements AutoCloseable {
    enum Mode { SHARED, PER_CONTAINER }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Path dir;
    final Path state;
    final Path runcRoot;
    final Mode mode;
    private final Map<String, HostProcess> hosts = new HashMap<>();
    private final List<HostProcess> started = new ArrayList<>();
    private final List<BusyboxBundle> bundles = new ArrayList<>();
    private final Map<Path, ManagedChannel> channels = new HashMap<>();

    ShimRig(Path dir, Mode mode) throws IOException {
        Prerequisites.require();
        this.dir = dir;
        this.mode = mode;
        this.state = Files.createDirectories(dir.resolve("shims"));
        this.runcRoot = dir.resolve("runc");
    }

    BusyboxBundle container(List<String> args) throws IOException {
        String id = "t" + ProcessHandle.current().pid() % 10000 + "-" + COUNTER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 4);
        BusyboxBundle bundle = BusyboxBundle.create(Files.createDirectories(dir.resolve(id)), id, args);
        synchronized (bundles) {
            bundles.add(bundle);
        }
        return bundle;
    }

    String group(BusyboxBundle bundle) {
        return mode == Mode.SHARED ? "shared" : bundle.id;
    }

    Path hostSocket(String group) {
        return dir.resolve("h-" + group + ".sock");
    }

    Path logOf(BusyboxBundle bundle) {
        return bundle.dir.resolve("json.log");
    }

    CreateTaskRequest.Builder createRequest(BusyboxBundle bundle) {
        return CreateTaskRequest.newBuilder().setId(bundle.id).setBundle(bundle.bundle.toString())
                .addRootfs(bundle.rootfsMount()).setLogPath(logOf(bundle).toString());
    }

    /** The group's host, started (again) if none runs, as the gateway does at its next call. */
    synchronized HostProcess host(String group) throws Exception {
        HostProcess host = hosts.get(group);
        if (host == null || !host.alive() || !Files.exists(host.socket)) {
            if (host != null && host.alive()) {
                host.awaitExit(10); // it is on its way out (idle)
            }
            host = HostProcess.launch(state, runcRoot, group, hostSocket(group), mode == Mode.PER_CONTAINER,
                    dir.resolve("host-" + group + ".log"));
            hosts.put(group, host);
            started.add(host);
        }
        return host;
    }

    synchronized HostProcess currentHost(String group) {
        return hosts.get(group);
    }

    synchronized ManagedChannel channel(String group) throws Exception {
        Path socket = host(group).socket;
        return channels.computeIfAbsent(socket, s -> GrpcChannels.dial(s, "default"));
    }

    synchronized ManagedChannel channelTo(Path socket) {
        return channels.computeIfAbsent(socket, s -> GrpcChannels.dial(s, "default"));
    }

    TaskGrpc.TaskBlockingStub stub(String group) throws Exception {
        return TaskGrpc.newBlockingStub(channel(group)).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** A call to the group's host; one that finds it gone (it exited when idle) is made again to a new host. */
    <T> T call(String group, Function<TaskGrpc.TaskBlockingStub, T> call) throws Exception {
        try {
            return call.apply(stub(group));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw e;
            }
            HostProcess old = currentHost(group);
            if (old != null) {
                old.awaitExit(10);
            }
            synchronized (this) {
                ManagedChannel stale = channels.remove(hostSocket(group));
                if (stale != null) {
                    stale.shutdownNow();
                }
            }
            return call.apply(stub(group));
        }
    }

    synchronized List<HostProcess> startedHosts() {
        return new ArrayList<>(started);
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            channels.values().forEach(ManagedChannel::shutdownNow);
            for (HostProcess host : started) {
                host.kill();
            }
            // what went wrong inside a host shows in the test's output
            for (HostProcess host : started) {
                host.log().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("\tat "))
                        .forEach(line -> System.out.println("[" + host.group + "] " + line));
            }
        }
        for (BusyboxBundle bundle : bundles) {
            if (Files.isDirectory(runcRoot)) {
                Process delete = new ProcessBuilder(Prerequisites.RUNC, "--root", runcRoot.toString(), "delete", "--force", bundle.id)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                delete.waitFor(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 8 && isMounted(bundle.rootfs()); i++) {
                Posix.unmount(bundle.rootfs(), Posix.MNT_DETACH);
            }
            for (String controller : List.of("memory", "cpu", "cpuacct", "pids", "freezer", "blkio", "devices", "cpuset", "systemd",
                    "unified")) {
                try {
                    Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth-test", bundle.id));
                } catch (IOException stillInUse) {
                    // runc removes its own cgroups; a leftover one is harmless
                }
            }
        }
    }

    static boolean isMounted(Path path) throws IOException {
        String target = " " + path.toAbsolutePath() + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(line -> line.contains(target));
    }
}
