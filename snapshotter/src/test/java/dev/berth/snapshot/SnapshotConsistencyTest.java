package dev.berth.snapshot;

import static dev.berth.snapshot.SnapshotsServiceTest.commit;
import static dev.berth.snapshot.SnapshotsServiceTest.list;
import static dev.berth.snapshot.SnapshotsServiceTest.prepare;
import static dev.berth.snapshot.SnapshotsServiceTest.remove;
import static dev.berth.snapshot.SnapshotsServiceTest.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.snapshots.v1.UsageResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage recorded at commit, and changes that race each other deciding on what they read. */
class SnapshotConsistencyTest {
    @TempDir
    Path dir;

    @Test
    void committedUsageIsTheOneMeasuredAtCommit() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            prepare(snapshots, "extract", "", Map.of());
            Path fs = stack.snapshotter.dirs().fs(1);
            Files.write(fs.resolve("a"), new byte[1000]);
            Files.createDirectory(fs.resolve("d"));
            Files.write(fs.resolve("d/b"), new byte[24]);
            Files.createLink(fs.resolve("d/b-again"), fs.resolve("d/b"));
            UsageResponse active = usage(snapshots, "extract");
            assertEquals(4, active.getInodes(), "fs, a, d, b (its second name counted once)");

            commit(snapshots, "layer", "extract", Map.of());
            assertEquals(active, usage(snapshots, "layer"));
            // written behind the snapshotter's back: a committed snapshot's usage is not walked again
            Files.write(fs.resolve("late"), new byte[5000]);
            assertEquals(active, usage(snapshots, "layer"));
            assertEquals(1000 + 24, active.getSize() - Files.size(fs) - Files.size(fs.resolve("d")));
        }
        try (Stack restarted = Stack.start(dir)) {
            assertEquals(4, usage(restarted.snapshots(), "layer").getInodes(), "the record survives a restart");
        }
    }

    @Test
    void racingChangesDecideOnWhatTheyRead() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            for (int i = 0; i < 20; i++) {
                int round = i;
                String key = "k" + round;
                List<Boolean> prepared = race(pool, 8, () -> prepare(snapshots, key, "", Map.of()));
                assertEquals(1, count(prepared), "exactly one Prepare of " + key + " wins");

                String name = "layer" + round;
                List<Boolean> committed = race(pool, 8, () -> commit(snapshots, name, key, Map.of()));
                assertEquals(1, count(committed), "exactly one Commit of " + key + " wins");
                assertEquals(Kind.COMMITTED, stat(snapshots, name).getKind());

                // a child prepared while its parent is removed: one of them wins, never both
                List<Callable<Object>> pair = List.of(
                        () -> { remove(snapshots, name); return null; },
                        () -> prepare(snapshots, "child" + round, name, Map.of()));
                List<Boolean> outcome = new ArrayList<>();
                for (Future<Object> f : pool.invokeAll(pair)) {
                    outcome.add(succeeded(f));
                }
                assertEquals(1, count(outcome), "remove of a parent and prepare of its child: " + outcome);
            }
            for (String key : list(snapshots)) {
                Kind kind = stat(snapshots, key).getKind();
                assertTrue(key.startsWith("child") ? kind == Kind.ACTIVE : kind == Kind.COMMITTED, key + " " + kind);
            }
            Set<String> left = SnapshotsServiceTest.entries(stack);
            assertEquals(list(snapshots).size(), left.size(), "one directory per snapshot, nothing else: " + left);
        } finally {
            pool.shutdownNow();
        }
    }

    private static UsageResponse usage(SnapshotsGrpc.SnapshotsBlockingStub s, String key) {
        return s.usage(UsageRequest.newBuilder().setKey(key).build());
    }

    private static List<Boolean> race(ExecutorService pool, int n, Runnable call) throws Exception {
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(() -> { call.run(); return null; });
        }
        List<Boolean> results = new ArrayList<>();
        for (Future<Object> f : pool.invokeAll(calls)) {
            results.add(succeeded(f));
        }
        return results;
    }

    private static boolean succeeded(Future<Object> f) throws InterruptedException {
        try {
            f.get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s
                    && Set.of(Status.Code.ALREADY_EXISTS, Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION)
                    .contains(s.getStatus().getCode())) {
                return false;
            }
            throw new AssertionError("unexpected failure", e.getCause());
        }
    }

    private static long count(List<Boolean> results) {
        return results.stream().filter(b -> b).count();
    }
}
