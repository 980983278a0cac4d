package dev.berth.shim;

import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures a host's PSS and threads with 0, 10 and 100 idle running containers.
 * {@code java -cp ... dev.berth.shim.MemoryBench <work dir> <launcher> [launcher args...]}; the
 * launcher (e.g. deploy/bin/berth-shim) gets --socket, --state, --group, --runc-root appended.
 */
public final class MemoryBench {
    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        List<String> command = new ArrayList<>(List.of(args).subList(1, args.length));
        Path socket = work.resolve("host.sock");
        Path state = work.resolve("shims");
        command.addAll(List.of("--socket", socket.toString(), "--state", state.toString(), "--group", "bench",
                "--runc", Prerequisites.RUNC, "--runc-root", work.resolve("runc").toString()));
        Process host = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("host.log").toFile()).start();
        ManagedChannel channel = GrpcChannels.dial(socket, "default");
        List<BusyboxBundle> containers = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            while (true) {
                try {
                    HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
                    break;
                } catch (RuntimeException notYet) {
                    Thread.sleep(20);
                }
            }
            System.out.printf("host serving after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            TaskGrpc.TaskBlockingStub stub = TaskGrpc.newBlockingStub(channel);
            Thread.sleep(3000);
            System.out.print("before its first container: ");
            report(host, 0);
            t0 = System.nanoTime();
            BusyboxBundle first = BusyboxBundle.create(Files.createDirectories(work.resolve("first")), "first", List.of("true"));
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).create(CreateTaskRequest.newBuilder().setId("first")
                    .setBundle(first.bundle.toString()).addRootfs(first.rootfsMount()).build());
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).start(StartRequest.newBuilder().setId("first").build());
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).wait(WaitRequest.newBuilder().setId("first").build());
            System.out.printf("first container created, run and exited in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).delete(DeleteRequest.newBuilder().setId("first").build());
            Thread.sleep(3000);
            report(host, 0);
            for (int target : new int[] {10, 100}) {
                while (containers.size() < target) {
                    String id = "bench-" + containers.size();
                    BusyboxBundle c = BusyboxBundle.create(Files.createDirectories(work.resolve(id)), id, List.of("sleep", "1000"));
                    stub.withDeadlineAfter(60, TimeUnit.SECONDS).create(CreateTaskRequest.newBuilder().setId(id)
                            .setBundle(c.bundle.toString()).addRootfs(c.rootfsMount()).setLogPath(work.resolve(id + ".log").toString())
                            .setSocket(work.resolve(id + ".sock").toString()).build());
                    stub.withDeadlineAfter(60, TimeUnit.SECONDS).start(StartRequest.newBuilder().setId(id).build());
                    containers.add(c);
                }
                Thread.sleep(3000);
                report(host, target);
                if (System.getenv("BENCH_HISTO") != null && target == 100) {
                    for (String jcmdCommand : List.of("GC.class_histogram", "GC.heap_info")) {
                        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                Long.toString(host.pid()), jcmdCommand).redirectErrorStream(true).start();
                        String[] lines = new String(jcmd.getInputStream().readAllBytes()).split("\\n");
                        for (int i = 0; i < Math.min(lines.length, 30); i++) {
                            System.out.println("   " + lines[i]);
                        }
                    }
                }
            }
        } finally {
            TaskGrpc.TaskBlockingStub stub = TaskGrpc.newBlockingStub(channel);
            for (BusyboxBundle c : containers) {
                try {
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).kill(KillRequest.newBuilder().setId(c.id).setSignal(9).build());
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).wait(WaitRequest.newBuilder().setId(c.id).build());
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).delete(DeleteRequest.newBuilder().setId(c.id).build());
                } catch (RuntimeException e) {
                    System.out.println("cleanup of " + c.id + ": " + e);
                }
            }
            channel.shutdownNow();
            host.destroyForcibly().waitFor();
        }
    }

    private static void report(Process host, int containers) throws Exception {
        long pss = 0;
        long rss = 0;
        long anon = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(host.pid()), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                pss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Pss_Anon:")) {
                anon = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Rss:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        long threads;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(host.pid()), "task"))) {
            threads = tasks.count();
        }
        System.out.printf("containers=%d pss=%.1f MiB (anonymous %.1f MiB) rss=%.1f MiB threads=%d%n", containers, pss / 1024.0,
                anon / 1024.0, rss / 1024.0, threads);
        if (System.getenv("BENCH_NMT") != null) {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(host.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
            for (String line : new String(jcmd.getInputStream().readAllBytes()).split("\n")) {
                if (line.startsWith("-") || line.startsWith("Total")) {
                    System.out.println("   " + line.replaceAll("\\s+", " "));
                }
            }
        }
    }
}
