package dev.berth.snapshot;

import static dev.berth.snapshot.SnapshotsServiceTest.assertCode;
import static dev.berth.snapshot.SnapshotsServiceTest.commit;
import static dev.berth.snapshot.SnapshotsServiceTest.prepare;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.diff.v1.DiffRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.containerd.types.Mount;
import dev.berth.common.posix.Posix;
import dev.berth.snapshot.overlay.SnapshotDirs;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffServiceTest {
    static final String TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path dir;

    static byte[] baseLayer() {
        return new TarBuilder()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .hardlink("etc/hosts.hard", "etc/hosts")
                .file("bin/tool", "#!tool", 04755, 1000, 1001)
                .file("hide.txt", "from the base layer")
                .dir("opq", 0755)
                .file("opq/x", "x")
                .file("opq/y", "y")
                .dir("keep", 0750)
                .file("keep/a", "a")
                .symlink("link-to-hosts", "etc/hosts")
                .symlink("abs-link", "/etc/hosts")
                .fifo("run/fifo")
                .withXattr("xattr-file", "user.berth", "hello")
                .tar();
    }

    static byte[] secondLayer() {
        return new TarBuilder()
                .file(".wh.hide.txt", "")
                .dir("opq", 0755)
                .file("opq/.wh..wh..opq", "")
                .file("opq/new", "new")
                .file("keep/b", "b")
                .file("etc/hosts", "changed\n")
                .tar();
    }

    /** The unpacker's loop for one layer: Prepare, Apply, Commit; returns the applied descriptor. */
    static Descriptor unpack(Stack stack, String chainId, String parent, String mediaType, byte[] blob) {
        String key = "extract-" + System.nanoTime() + " " + chainId;
        List<Mount> mounts = prepare(stack.snapshots(), key, parent, Map.of());
        Descriptor applied = stack.diff().apply(ApplyRequest.newBuilder()
                .setDiff(descriptor(stack, mediaType, blob)).addAllMounts(mounts).build()).getApplied();
        commit(stack.snapshots(), chainId, key, Map.of());
        return applied;
    }

    static Descriptor descriptor(Stack stack, String mediaType, byte[] blob) {
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(stack.content.put(blob)).setSize(blob.length).build();
    }

    @Test
    void appliedLayerStackMountsAsTheImage() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotDirs dirs = stack.snapshotter.dirs();
            byte[] base = baseLayer();
            Descriptor applied = unpack(stack, "chain-1", "", TAR, base);
            assertEquals(Descriptor.newBuilder().setMediaType(TAR).setDigest(InMemoryContent.sha256(base))
                    .setSize(base.length).build(), applied);

            Path fs1 = dirs.fs(1);
            assertEquals(Files.getAttribute(fs1.resolve("etc/hosts"), "unix:ino"),
                    Files.getAttribute(fs1.resolve("etc/hosts.hard"), "unix:ino"));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Posix.getXattr(fs1.resolve("xattr-file"), "user.berth"));

            byte[] second = secondLayer();
            Descriptor appliedSecond = unpack(stack, "chain-2", "chain-1", TAR_GZIP, TarBuilder.gzip(second));
            assertEquals(InMemoryContent.sha256(second), appliedSecond.getDigest(), "applied is the uncompressed diff id");
            assertEquals(second.length, appliedSecond.getSize());

            // the second layer went into its upper dir as overlayfs whiteouts
            Path fs2 = dirs.fs(2);
            assertEquals(0020000, (int) Files.getAttribute(fs2.resolve("hide.txt"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000);
            assertEquals(0L, ((Number) Files.getAttribute(fs2.resolve("hide.txt"), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue());
            assertArrayEquals(new byte[] {'y'}, Posix.getXattr(fs2.resolve("opq"), "trusted.overlay.opaque"));
            assertFalse(Files.exists(fs2.resolve("opq/.wh..wh..opq")));
            assertEquals(0750, (int) Files.getAttribute(fs2.resolve("keep"), "unix:mode") & 07777,
                    "a parent created in the upper dir copies the lower directory's metadata");

            byte[] third = new TarBuilder().file("zstd.txt", "from a zstd layer").tar();
            Descriptor appliedThird = unpack(stack, "chain-3", "chain-2", TAR + "+zstd", TarBuilder.zstd(third));
            assertEquals(InMemoryContent.sha256(third), appliedThird.getDigest());

            List<Mount> container = prepare(stack.snapshots(), "container", "chain-3", Map.of());
            Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
            Mount overlay = container.getFirst();
            Posix.mount(overlay.getSource(), rootfs, overlay.getType(), 0, String.join(",", overlay.getOptionsList()));
            try {
                assertFalse(Files.exists(rootfs.resolve("hide.txt"), LinkOption.NOFOLLOW_LINKS), "whiteout hides the lower file");
                assertFalse(Files.exists(rootfs.resolve("opq/x")), "opaque dir hides lower contents");
                assertFalse(Files.exists(rootfs.resolve("opq/y")));
                assertEquals("new", Files.readString(rootfs.resolve("opq/new")));
                assertEquals("a", Files.readString(rootfs.resolve("keep/a")));
                assertEquals("b", Files.readString(rootfs.resolve("keep/b")));
                assertEquals("changed\n", Files.readString(rootfs.resolve("etc/hosts")));
                assertEquals("127.0.0.1 localhost\n", Files.readString(rootfs.resolve("etc/hosts.hard")));
                assertEquals("from a zstd layer", Files.readString(rootfs.resolve("zstd.txt")));
                assertEquals(04755, (int) Files.getAttribute(rootfs.resolve("bin/tool"), "unix:mode") & 07777);
                assertEquals(1000, Files.getAttribute(rootfs.resolve("bin/tool"), "unix:uid"));
                assertEquals(1001, Files.getAttribute(rootfs.resolve("bin/tool"), "unix:gid"));
                assertEquals(FileTime.from(TarBuilder.MTIME), Files.getLastModifiedTime(rootfs.resolve("bin/tool")));
                assertEquals(FileTime.from(TarBuilder.MTIME), Files.getLastModifiedTime(dirs.fs(1).resolve("keep")),
                        "directory times are set after their contents");
                assertEquals(Path.of("etc/hosts"), Files.readSymbolicLink(rootfs.resolve("link-to-hosts")));
                assertEquals(Path.of("/etc/hosts"), Files.readSymbolicLink(rootfs.resolve("abs-link")));
                assertEquals(010640, (int) Files.getAttribute(rootfs.resolve("run/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS));
                Files.writeString(rootfs.resolve("written-by-container"), "rw");
            } finally {
                Posix.unmount(rootfs, 0);
            }
            assertEquals("rw", Files.readString(dirs.fs(4).resolve("written-by-container")));
        }
    }

    @Test
    void whiteoutsOnAPlainDirectoryDeleteWhatTheyName() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "flat", "", Map.of());
            for (byte[] layer : List.of(baseLayer(), secondLayer())) {
                stack.diff().apply(ApplyRequest.newBuilder().setDiff(descriptor(stack, TAR, layer)).addAllMounts(mounts).build());
            }
            Path fs = stack.snapshotter.dirs().fs(1);
            assertFalse(Files.exists(fs.resolve("hide.txt")));
            assertFalse(Files.exists(fs.resolve("opq/x")));
            assertEquals("new", Files.readString(fs.resolve("opq/new")));
            assertEquals("a", Files.readString(fs.resolve("keep/a")));
            assertNull(Posix.getXattr(fs.resolve("opq"), "trusted.overlay.opaque"));
        }
    }

    @Test
    void contentIsReadInTheCallersNamespace() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            ManagedChannel other = stack.dial("other");
            try {
                List<Mount> mounts = prepare(SnapshotsGrpc.newBlockingStub(other), "k", "", Map.of());
                DiffGrpc.newBlockingStub(other).apply(ApplyRequest.newBuilder()
                        .setDiff(descriptor(stack, TAR, new TarBuilder().file("f", "f").tar())).addAllMounts(mounts).build());
            } finally {
                Stack.shutdown(other);
            }
            assertEquals(List.of("other"), stack.content.readNamespaces);
        }
    }

    @Test
    void badInputIsRefused() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "target", "", Map.of());
            byte[] layer = new TarBuilder().file("a", "a").tar();

            Descriptor lying = Descriptor.newBuilder().setMediaType(TAR)
                    .setDigest(InMemoryContent.sha256("something else".getBytes(StandardCharsets.UTF_8))).build();
            stack.content.blobs.put(lying.getDigest(), layer);
            var mismatch = assertCode(Status.Code.FAILED_PRECONDITION, () -> stack.diff().apply(
                    ApplyRequest.newBuilder().setDiff(lying).addAllMounts(mounts).build()));
            assertTrue(mismatch.getStatus().getDescription().contains("digest mismatch"));

            Descriptor corrupt = Descriptor.newBuilder().setMediaType(TAR_GZIP)
                    .setDigest(InMemoryContent.sha256(TarBuilder.gzip(layer))).build();
            byte[] truncated = java.util.Arrays.copyOf(TarBuilder.gzip(layer), 20);
            stack.content.blobs.put(corrupt.getDigest(), truncated);
            assertCode(Status.Code.FAILED_PRECONDITION, () -> stack.diff().apply(
                    ApplyRequest.newBuilder().setDiff(corrupt).addAllMounts(mounts).build()));

            Descriptor good = descriptor(stack, TAR, layer);
            assertCode(Status.Code.FAILED_PRECONDITION, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(good.toBuilder().setSize(good.getSize() + 1)).addAllMounts(mounts).build()));
            assertCode(Status.Code.NOT_FOUND, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(good.toBuilder().setDigest(InMemoryContent.sha256(new byte[1]))).addAllMounts(mounts).build()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(good.toBuilder().setDigest("md5:abc")).addAllMounts(mounts).build()));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .addAllMounts(mounts).build()));
            assertCode(Status.Code.UNIMPLEMENTED, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(good.toBuilder().setMediaType(TAR + "+encrypted")).addAllMounts(mounts).build()));

            Mount bind = mounts.getFirst();
            for (List<Mount> bad : List.of(
                    List.<Mount>of(),
                    List.of(bind, bind),
                    List.of(bind.toBuilder().clearOptions().addOptions("ro").addOptions("rbind").build()),
                    List.of(Mount.newBuilder().setType("overlay").setSource("overlay").addOptions("lowerdir=" + bind.getSource()).build()),
                    List.of(Mount.newBuilder().setType("tmpfs").setSource("tmpfs").build()),
                    List.of(bind.toBuilder().setSource("relative/path").build()))) {
                assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(
                        ApplyRequest.newBuilder().setDiff(good).addAllMounts(bad).build()));
            }
            assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().diff(DiffRequest.getDefaultInstance()));

            stack.diff().apply(ApplyRequest.newBuilder().setDiff(good).addAllMounts(mounts).build());
            assertEquals("a", Files.readString(stack.snapshotter.dirs().fs(1).resolve("a")));
        }
    }
}
