package dev.berth.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.snapshots.v1.CleanupRequest;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.UpdateSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.snapshots.v1.UsageResponse;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.snapshot.overlay.SnapshotDirs;
import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsServiceTest {
    @TempDir
    Path dir;

    @Test
    void lifecycleFromLayersToContainer() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            SnapshotDirs dirs = stack.snapshotter.dirs();

            List<Mount> first = prepare(snapshots, "extract-1 sha256:aaa", "", Map.of("stage", "extract"));
            assertEquals(List.of(bind(dirs.fs(1), "rw")), first);
            assertTrue(Files.isDirectory(dirs.fs(1)) && Files.isDirectory(dirs.work(1)));
            Info active = stat(snapshots, "extract-1 sha256:aaa");
            assertEquals(Kind.ACTIVE, active.getKind());
            assertEquals(Map.of("stage", "extract"), active.getLabelsMap());

            commit(snapshots, "sha256:aaa", "extract-1 sha256:aaa", Map.of("layer", "1"));
            assertCode(Status.Code.NOT_FOUND, () -> stat(snapshots, "extract-1 sha256:aaa"));
            Info committed = stat(snapshots, "sha256:aaa");
            assertEquals(Kind.COMMITTED, committed.getKind());
            assertEquals("", committed.getParent());
            assertEquals(Map.of("layer", "1"), committed.getLabelsMap(), "commit labels replace the active ones");
            assertCode(Status.Code.FAILED_PRECONDITION, () -> mounts(snapshots, "sha256:aaa"));

            List<Mount> second = prepare(snapshots, "extract-2 sha256:bbb", "sha256:aaa", Map.of());
            assertEquals(List.of(overlay("index=off", "workdir=" + dirs.work(2), "upperdir=" + dirs.fs(2),
                    "lowerdir=" + dirs.fs(1))), second);
            commit(snapshots, "sha256:bbb", "extract-2 sha256:bbb", Map.of());
            assertEquals("sha256:aaa", stat(snapshots, "sha256:bbb").getParent());

            List<Mount> container = prepare(snapshots, "c0ffee", "sha256:bbb", Map.of());
            assertEquals(List.of(overlay("index=off", "workdir=" + dirs.work(3), "upperdir=" + dirs.fs(3),
                    "lowerdir=" + dirs.fs(2) + ":" + dirs.fs(1))), container);
            assertEquals(container, mounts(snapshots, "c0ffee"));

            assertEquals(List.of(bind(dirs.fs(1), "ro")), view(snapshots, "view-1", "sha256:aaa"));
            assertEquals(List.of(overlay("index=off", "lowerdir=" + dirs.fs(2) + ":" + dirs.fs(1))),
                    view(snapshots, "view-2", "sha256:bbb"));
            assertEquals(List.of(bind(dirs.fs(6), "ro")), view(snapshots, "view-0", ""));
            assertFalse(Files.exists(dirs.work(6)), "views have no work dir");
            assertEquals(Kind.VIEW, stat(snapshots, "view-2").getKind());

            assertEquals(Set.of("sha256:aaa", "sha256:bbb", "c0ffee", "view-0", "view-1", "view-2"), list(snapshots));
            assertEquals(Set.of("sha256:aaa", "sha256:bbb"), list(snapshots, "kind==committed"));
            assertEquals(Set.of("c0ffee", "view-2"), list(snapshots, "parent==sha256:bbb"));
            assertEquals(Set.of("sha256:aaa"), list(snapshots, "labels.layer==1"));
            assertEquals(Set.of("view-0", "view-1", "view-2"), list(snapshots, "kind==view", "name~=^nothing"));
            assertEquals(Set.of("view-1"), list(snapshots, "kind==view,parent==\"sha256:aaa\""));

            Files.writeString(dirs.fs(3).resolve("hello"), "hello");
            UsageResponse usage = snapshots.usage(UsageRequest.newBuilder().setKey("c0ffee").build());
            assertEquals(2, usage.getInodes(), "the fs dir and one file");
            assertTrue(usage.getSize() >= 5);

            StatusRuntimeException withChild = assertCode(Status.Code.FAILED_PRECONDITION, () -> remove(snapshots, "sha256:bbb"));
            assertTrue(withChild.getStatus().getDescription().contains("cannot remove snapshot with child"));
            remove(snapshots, "c0ffee");
            remove(snapshots, "view-2");
            remove(snapshots, "sha256:bbb");
            assertFalse(Files.exists(dirs.dir(2)));
            assertFalse(Files.exists(dirs.dir(3)));
            assertCode(Status.Code.NOT_FOUND, () -> remove(snapshots, "sha256:bbb"));
            assertEquals(Set.of("sha256:aaa", "view-0", "view-1"), list(snapshots));
            assertEquals(Set.of("1", "4", "6"), entries(stack));
        }
    }

    @Test
    void errorsAreContainerdsAndLeaveNothingBehind() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            prepare(snapshots, "a", "", Map.of());

            StatusRuntimeException exists = assertCode(Status.Code.ALREADY_EXISTS, () -> prepare(snapshots, "a", "", Map.of()));
            assertEquals("snapshot a: already exists", exists.getStatus().getDescription());
            assertCode(Status.Code.NOT_FOUND, () -> prepare(snapshots, "b", "missing", Map.of()));
            assertCode(Status.Code.FAILED_PRECONDITION, () -> prepare(snapshots, "b", "a", Map.of()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> prepare(snapshots, "", "", Map.of()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> prepare(snapshots, "big", "", Map.of("k", "v".repeat(5000))));
            snapshots.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("c").build());

            assertCode(Status.Code.NOT_FOUND, () -> commit(snapshots, "x", "missing", Map.of()));
            commit(snapshots, "layer", "a", Map.of());
            assertCode(Status.Code.ALREADY_EXISTS, () -> commit(snapshots, "layer", "c", Map.of()));
            assertCode(Status.Code.FAILED_PRECONDITION, () -> commit(snapshots, "again", "layer", Map.of()));
            view(snapshots, "v", "layer");
            assertCode(Status.Code.FAILED_PRECONDITION, () -> commit(snapshots, "from-view", "v", Map.of()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> commit(snapshots, "", "c", Map.of()));

            assertCode(Status.Code.NOT_FOUND, () -> mounts(snapshots, "nope"));
            assertCode(Status.Code.NOT_FOUND, () -> snapshots.usage(UsageRequest.newBuilder().setKey("nope").build()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> list(snapshots, "kind=="));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> list(snapshots, "size==3"));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                    .setInfo(Info.newBuilder().setName("c")).setUpdateMask(FieldMask.newBuilder().addPaths("parent")).build()));
            assertCode(Status.Code.NOT_FOUND, () -> snapshots.update(UpdateSnapshotRequest.newBuilder()
                    .setInfo(Info.newBuilder().setName("nope")).build()));

            // only the three snapshots that exist have directories; no temp dir survived a failure
            assertEquals(Set.of("1", "2", "3"), entries(stack));
        }
    }

    @Test
    void answersToAnySnapshotterNameAsAProxyPluginDoes() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            // containerd's proxy_plugins entry "berth" sends its own name in every request
            snapshots.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("berth").setKey("extract").build());
            snapshots.commit(CommitSnapshotRequest.newBuilder().setSnapshotter("berth").setName("layer")
                    .setKey("extract").build());
            assertEquals(Kind.COMMITTED, snapshots.stat(StatSnapshotRequest.newBuilder().setSnapshotter("berth")
                    .setKey("layer").build()).getInfo().getKind());
            assertEquals(Set.of("layer"), list(snapshots), "one snapshotter, whatever it is called");
            snapshots.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("c")
                    .setParent("layer").build());
            snapshots.remove(RemoveSnapshotRequest.newBuilder().setSnapshotter("anything").setKey("c").build());
            assertCode(Status.Code.NOT_FOUND, () -> stat(snapshots, "c"));
        }
    }

    @Test
    void updateSetsAndDeletesLabels() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            prepare(snapshots, "k", "", Map.of("a", "1", "b", "2"));
            Info one = snapshots.update(UpdateSnapshotRequest.newBuilder()
                    .setInfo(Info.newBuilder().setName("k").putLabels("a", "9").putLabels("c", "3").putLabels("ignored", "x"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("labels.a").addPaths("labels.b").addPaths("labels.c"))
                    .build()).getInfo();
            assertEquals(Map.of("a", "9", "c", "3"), one.getLabelsMap());
            assertEquals(one.getLabelsMap(), stat(snapshots, "k").getLabelsMap());
            Info all = snapshots.update(UpdateSnapshotRequest.newBuilder()
                    .setInfo(Info.newBuilder().setName("k").putLabels("only", "this")).build()).getInfo();
            assertEquals(Map.of("only", "this"), all.getLabelsMap());
            assertTrue(all.getUpdatedAt().getSeconds() >= all.getCreatedAt().getSeconds());
        }
    }

    @Test
    void namespacesKeepTheirOwnKeys() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            prepare(stack.snapshots(), "shared", "", Map.of());
            commit(stack.snapshots(), "layer", "shared", Map.of());
            ManagedChannel other = stack.dial("other");
            try {
                SnapshotsGrpc.SnapshotsBlockingStub otherSnapshots = SnapshotsGrpc.newBlockingStub(other);
                assertEquals(Set.of(), list(otherSnapshots));
                assertCode(Status.Code.NOT_FOUND, () -> stat(otherSnapshots, "layer"));
                assertCode(Status.Code.NOT_FOUND, () -> prepare(otherSnapshots, "child", "layer", Map.of()));
                List<Mount> mounts = prepare(otherSnapshots, "shared", "", Map.of());
                assertEquals(List.of(bind(stack.snapshotter.dirs().fs(2), "rw")), mounts, "ids are global");
                assertEquals(Set.of("shared"), list(otherSnapshots));
            } finally {
                Stack.shutdown(other);
            }
            assertEquals(Set.of("layer"), list(stack.snapshots()));
        }
    }

    @Test
    void restartKeepsSnapshotsAndRemovesCrashLeftovers() throws Exception {
        List<Mount> before;
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            prepare(snapshots, "extract", "", Map.of());
            Files.writeString(stack.snapshotter.dirs().fs(1).resolve("kept"), "data");
            commit(snapshots, "layer", "extract", Map.of("l", "v"));
            before = prepare(snapshots, "container", "layer", Map.of());
            prepare(snapshots, "removed", "", Map.of());
            remove(snapshots, "removed");
        }
        // what a crash between steps leaves: a temp dir, a renamed-but-uncommitted dir, a half-removed dir
        Path snapshotsDir = dir.resolve("root/snapshots");
        Files.createDirectories(snapshotsDir.resolve("new-123/fs"));
        Files.createDirectories(snapshotsDir.resolve("4/fs"));
        Files.createDirectories(snapshotsDir.resolve("rm-9-1/fs"));

        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            assertEquals(Set.of("1", "2"), entries(stack));
            assertEquals(Kind.COMMITTED, stat(snapshots, "layer").getKind());
            assertEquals(Map.of("l", "v"), stat(snapshots, "layer").getLabelsMap());
            assertEquals(before, mounts(snapshots, "container"));
            assertEquals("data", Files.readString(stack.snapshotter.dirs().fs(1).resolve("kept")));
            assertEquals(List.of(bind(stack.snapshotter.dirs().fs(4), "rw")), prepare(snapshots, "next", "", Map.of()),
                    "ids continue after the last one handed out, never reused");
        }
    }

    @Test
    void cleanupRemovesUnreferencedDirectories() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            prepare(stack.snapshots(), "kept", "", Map.of());
            Path stray = Files.createDirectories(stack.snapshotter.dirs().dir(42).resolve("fs/deep"));
            Files.writeString(stray.resolve("file"), "x");
            Files.createSymbolicLink(stray.resolve("link"), dir);
            stack.snapshots().cleanup(CleanupRequest.getDefaultInstance());
            assertEquals(Set.of("1"), entries(stack));
            assertTrue(Files.isDirectory(dir.resolve("root")), "cleanup never follows links out");
        }
    }

    // --- helpers ---

    static StatusRuntimeException assertCode(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "status " + e.getStatus());
        return e;
    }

    static List<Mount> prepare(SnapshotsGrpc.SnapshotsBlockingStub s, String key, String parent, Map<String, String> labels) {
        return s.prepare(PrepareSnapshotRequest.newBuilder().setKey(key).setParent(parent).putAllLabels(labels).build())
                .getMountsList();
    }

    static List<Mount> view(SnapshotsGrpc.SnapshotsBlockingStub s, String key, String parent) {
        return s.view(ViewSnapshotRequest.newBuilder().setKey(key).setParent(parent).build()).getMountsList();
    }

    static List<Mount> mounts(SnapshotsGrpc.SnapshotsBlockingStub s, String key) {
        return s.mounts(MountsRequest.newBuilder().setKey(key).build()).getMountsList();
    }

    static void commit(SnapshotsGrpc.SnapshotsBlockingStub s, String name, String key, Map<String, String> labels) {
        s.commit(CommitSnapshotRequest.newBuilder().setName(name).setKey(key).putAllLabels(labels).build());
    }

    static void remove(SnapshotsGrpc.SnapshotsBlockingStub s, String key) {
        s.remove(RemoveSnapshotRequest.newBuilder().setKey(key).build());
    }

    static Info stat(SnapshotsGrpc.SnapshotsBlockingStub s, String key) {
        return s.stat(StatSnapshotRequest.newBuilder().setKey(key).build()).getInfo();
    }

    static Set<String> list(SnapshotsGrpc.SnapshotsBlockingStub s, String... filters) {
        Set<String> names = new TreeSet<>();
        s.list(ListSnapshotsRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .forEachRemaining(r -> r.getInfoList().forEach(i -> names.add(i.getName())));
        return names;
    }

    static Mount bind(Path source, String access) {
        return Mount.newBuilder().setType("bind").setSource(source.toString()).addOptions(access).addOptions("rbind").build();
    }

    static Mount overlay(String... options) {
        return Mount.newBuilder().setType("overlay").setSource("overlay").addAllOptions(List.of(options)).build();
    }

    static Set<String> entries(Stack stack) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(stack.snapshotter.dirs().dir(1).getParent())) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        return new TreeSet<>(names);
    }
}
