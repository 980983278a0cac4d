package dev.berth.snapshot;

import dev.berth.common.testing.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.diff.v1.DiffRequest;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.containerd.types.Mount;
import dev.berth.common.testing.TestServices;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real berth-snapshotter, killed with SIGKILL at random moments while it prepares, applies,
 * commits, diffs and removes; after every restart each snapshot it confirmed committed mounts with
 * its layers' content, and startup recovery left no temp directory, diff file or mount behind.
 */
class CrashSafetyTest {
    private static final int KILLS = 20;
    private static final int LAYERS = 4;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        RootPrerequisites.require();
    }

    /** What the client knows: committed snapshots it was told about, with the layers of their chain. */
    private final Map<String, List<Integer>> committed = new HashMap<>();
    private final Map<String, Integer> children = new HashMap<>();
    /** Committed snapshots whose Remove was cut short by the kill: either state is right after it. */
    private final Map<String, List<Integer>> maybeRemoved = new HashMap<>();
    private volatile int operations;

    @Test
    void committedSnapshotsSurviveSigkillAtAnyMoment() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        InMemoryContent content = new InMemoryContent();
        List<Descriptor> layers = new ArrayList<>();
        for (int k = 0; k < LAYERS; k++) {
            layers.add(layer(content, k, random));
        }
        try (TestServices contentServer = TestServices.serve(Files.createDirectories(dir.resolve("content")), content);
             ServiceProcess snapshotter = SnapshotterProcess.on(dir)) {
            String[] config = SnapshotterProcess.configArgs(dir, "unix://" + contentServer.socket());
            for (int round = 0; round < KILLS; round++) {
                ManagedChannel channel = snapshotter.start("default", config);
                try {
                    verifyRecovered(snapshotter, channel, round, seed);
                    AtomicBoolean killed = new AtomicBoolean();
                    AtomicReference<Throwable> failure = new AtomicReference<>();
                    int r = round;
                    Thread worker = Thread.ofPlatform().start(() -> work(channel, r, layers, new Random(seed + r), killed, failure));
                    Thread.sleep(200 + random.nextInt(2500)); // a cold JVM serves its first calls slowly
                    killed.set(true);
                    snapshotter.kill();
                    worker.join(TimeUnit.SECONDS.toMillis(30));
                    assertTrue(!worker.isAlive(), "the worker did not notice the kill");
                    if (failure.get() != null) {
                        throw new AssertionError("round " + round + " (seed " + seed + ") failed before the kill", failure.get());
                    }
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
            ManagedChannel channel = snapshotter.start("default", config);
            try {
                verifyRecovered(snapshotter, channel, KILLS, seed);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            System.out.printf("%d kills, %d operations started, %d committed snapshots verified after each restart%n",
                    KILLS, operations, committed.size());
            assertTrue(committed.size() >= KILLS / 2, "too little work got done to mean anything: " + committed.size());
        }
        assertNoMountsUnder(dir);
    }

    /** Random prepares, applies, commits, views, diffs and removes until the process is killed. */
    private void work(ManagedChannel channel, int round, List<Descriptor> layers, Random random, AtomicBoolean killed,
                      AtomicReference<Throwable> failure) {
        SnapshotsGrpc.SnapshotsBlockingStub snapshots = SnapshotsGrpc.newBlockingStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        DiffGrpc.DiffBlockingStub diff = DiffGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        try {
            for (int step = 0; ; step++) {
                operations++;
                String id = round + "-" + step;
                List<String> parents = new ArrayList<>(committed.keySet());
                String parent = parents.isEmpty() || random.nextInt(4) == 0 ? "" : parents.get(random.nextInt(parents.size()));
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> unpack(snapshots, diff, id, parent, layers, random);
                    case 3 -> {
                        adopt(parent);
                        List<Mount> mounts = snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                                .setKey("container-" + id).setParent(parent).build()).getMountsList();
                        diff.diff(DiffRequest.newBuilder().addAllRight(mounts).build()); // mounts the tree under diff/
                        snapshots.remove(RemoveSnapshotRequest.newBuilder().setKey("container-" + id).build());
                        release(parent);
                    }
                    case 4 -> {
                        if (!parent.isEmpty()) {
                            adopt(parent);
                            snapshots.view(ViewSnapshotRequest.newBuilder().setKey("view-" + id).setParent(parent).build());
                            snapshots.remove(RemoveSnapshotRequest.newBuilder().setKey("view-" + id).build());
                            release(parent);
                        }
                    }
                    default -> {
                        if (!parent.isEmpty() && children.getOrDefault(parent, 0) == 0) {
                            List<Integer> chain = committed.remove(parent);
                            try {
                                snapshots.remove(RemoveSnapshotRequest.newBuilder().setKey(parent).build());
                            } catch (StatusRuntimeException e) {
                                maybeRemoved.put(parent, chain); // the kill may have come before or after it
                                throw e;
                            }
                        }
                    }
                }
            }
        } catch (Throwable t) {
            if (!killed.get()) {
                failure.set(t);
            }
        }
    }

    private void unpack(SnapshotsGrpc.SnapshotsBlockingStub snapshots, DiffGrpc.DiffBlockingStub diff, String id,
                        String parent, List<Descriptor> layers, Random random) {
        int layer = random.nextInt(layers.size());
        String key = "extract-" + id;
        adopt(parent); // from the request on: a crash may leave the child behind
        List<Mount> mounts = snapshots.prepare(PrepareSnapshotRequest.newBuilder().setKey(key).setParent(parent).build())
                .getMountsList();
        diff.apply(ApplyRequest.newBuilder().setDiff(layers.get(layer)).addAllMounts(mounts).build());
        snapshots.commit(CommitSnapshotRequest.newBuilder().setName("layer-" + id).setKey(key).build());
        List<Integer> chain = new ArrayList<>(parent.isEmpty() ? List.of() : committed.get(parent));
        chain.add(layer);
        committed.put("layer-" + id, chain);
    }

    /** Counts a possible child of {@code parent}, so it is never chosen for removal while it may have one. */
    private void adopt(String parent) {
        if (!parent.isEmpty()) {
            children.merge(parent, 1, Integer::sum);
        }
    }

    private void release(String parent) {
        if (!parent.isEmpty()) {
            children.merge(parent, -1, Integer::sum);
        }
    }

    /** After a restart: no leftovers, and every committed snapshot mounts with its content. */
    private void verifyRecovered(ServiceProcess process, ManagedChannel channel, int round, long seed) throws Exception {
        String context = "after kill " + round + " (seed " + seed + ")";
        Path root = process.root();
        try (Stream<Path> entries = Files.list(root.resolve("snapshots"))) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().allMatch(n -> n.matches("[0-9]+")), context + ": leftovers " + names);
            List<Info> infos = new ArrayList<>();
            SnapshotsGrpc.newBlockingStub(channel).list(ListSnapshotsRequest.getDefaultInstance())
                    .forEachRemaining(r -> infos.addAll(r.getInfoList()));
            assertEquals(infos.size(), names.size(), context + ": one directory per snapshot");
        }
        try (Stream<Path> entries = Files.list(root.resolve("diff"))) {
            assertEquals(List.of(), entries.toList(), context + ": diff leftovers");
        }
        assertNoMountsUnder(root);
        SnapshotsGrpc.SnapshotsBlockingStub snapshots = SnapshotsGrpc.newBlockingStub(channel);
        for (Map.Entry<String, List<Integer>> removing : maybeRemoved.entrySet()) {
            try {
                SnapshotsServiceTest.stat(snapshots, removing.getKey());
                committed.put(removing.getKey(), removing.getValue()); // still there: it must still be whole
            } catch (StatusRuntimeException gone) {
                assertEquals(io.grpc.Status.Code.NOT_FOUND, gone.getStatus().getCode(), context);
            }
        }
        maybeRemoved.clear();
        Path target = Files.createDirectories(dir.resolve("check"));
        for (Map.Entry<String, List<Integer>> snapshot : committed.entrySet()) {
            String name = snapshot.getKey();
            assertEquals(Kind.COMMITTED, SnapshotsServiceTest.stat(snapshots, name).getKind(), context + ": " + name);
            String view = "check-" + round + "-" + name;
            List<Mount> mounts = snapshots.view(ViewSnapshotRequest.newBuilder().setKey(view).setParent(name).build())
                    .getMountsList();
            try (MountedTree tree = MountedTree.mount(mounts, target)) {
                for (int layer : snapshot.getValue()) {
                    assertEquals("layer " + layer, Files.readString(tree.root().resolve("layers/" + layer + "/marker")),
                            context + ": " + name);
                }
            }
            snapshots.remove(RemoveSnapshotRequest.newBuilder().setKey(view).build());
        }
    }

    /** A gzip layer of a marker file and some data files, stored in the content store. */
    private static Descriptor layer(InMemoryContent content, int k, Random random) {
        TarBuilder tar = new TarBuilder().dir("layers/" + k, 0755).file("layers/" + k + "/marker", "layer " + k);
        for (int f = 0; f < 50; f++) {
            byte[] data = new byte[random.nextInt(20_000)];
            random.nextBytes(data);
            tar.file("layers/" + k + "/data-" + f, new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        byte[] blob = TarBuilder.gzip(tar.tar());
        return Descriptor.newBuilder().setMediaType(DiffServiceTest.TAR_GZIP).setDigest(content.put(blob))
                .setSize(blob.length).build();
    }

    static void assertNoMountsUnder(Path dir) throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .filter(line -> line.split(" ")[1].startsWith(dir.toString())).toList();
        assertEquals(List.of(), mounts, "mounts left under " + dir);
    }
}
