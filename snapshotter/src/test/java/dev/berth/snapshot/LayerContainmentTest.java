package dev.berth.snapshot;

import static dev.berth.snapshot.DiffServiceTest.TAR;
import static dev.berth.snapshot.DiffServiceTest.descriptor;
import static dev.berth.snapshot.SnapshotsServiceTest.assertCode;
import static dev.berth.snapshot.SnapshotsServiceTest.commit;
import static dev.berth.snapshot.SnapshotsServiceTest.prepare;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.types.Mount;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers that try to write outside their snapshot: everything stays inside (containerd's chroot-like resolution). */
class LayerContainmentTest {
    @TempDir
    Path dir;
    Path sentinel;
    final String unique = UUID.randomUUID().toString();

    @BeforeEach
    void sentinelBesideTheRoot() throws Exception {
        sentinel = Files.createDirectories(dir.resolve("sentinel"));
        Files.writeString(sentinel.resolve("keep.txt"), "original");
    }

    /** fs is <dir>/root/snapshots/<id>/fs, so four ".." reach <dir>. */
    byte[] escapingLayer() {
        return new TarBuilder()
                .file("../../../../sentinel/dotdot.txt", "x")
                .file("../../outside.txt", "x")
                .file("/abs-" + unique + ".txt", "x")
                .symlink("link", "/")
                .file("link/tmp/pwned-" + unique, "x")
                .symlink("up", "../../../../sentinel")
                .file("up/escaped.txt", "x")
                .symlink("up3", "../../..")
                .file("up3/escaped", "x")
                .symlink("chain", "up")
                .file("chain/chained.txt", "x")
                .symlink("keep-link", "../../../../sentinel/keep.txt")
                .file("keep-link", "replaces the link, not its target")
                .symlink("dirlink", "/")
                .dir("dirlink/etc", 0755)
                .file("dirlink/etc/passwd", "root::0:0::/:/bin/sh")
                .tar();
    }

    @Test
    void escapingEntriesStayInsideABindMountedSnapshot() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "evil", "", Map.of());
            stack.diff().apply(ApplyRequest.newBuilder().setDiff(descriptor(stack, TAR, escapingLayer())).addAllMounts(mounts).build());
            assertNothingOutside();
            assertContainedIn(stack.snapshotter.dirs().fs(1));
        }
    }

    @Test
    void escapingEntriesStayInsideAnOverlayUpperDir() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            prepare(stack.snapshots(), "base", "", Map.of());
            commit(stack.snapshots(), "base-layer", "base", Map.of());
            List<Mount> mounts = prepare(stack.snapshots(), "evil", "base-layer", Map.of());
            assertEquals("overlay", mounts.getFirst().getType());
            stack.diff().apply(ApplyRequest.newBuilder().setDiff(descriptor(stack, TAR, escapingLayer())).addAllMounts(mounts).build());
            assertNothingOutside();
            assertContainedIn(stack.snapshotter.dirs().fs(2));
        }
    }

    @Test
    void hardLinksToOutsideFilesAreRefused() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "evil", "", Map.of());
            for (String target : List.of("../../../../sentinel/keep.txt", dir.resolve("sentinel/keep.txt").toString())) {
                byte[] layer = new TarBuilder().hardlink("hl", target).tar();
                assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(ApplyRequest.newBuilder()
                        .setDiff(descriptor(stack, TAR, layer)).addAllMounts(mounts).build()));
            }
            byte[] viaSymlink = new TarBuilder().symlink("up", "../../../../sentinel").hardlink("hl", "up/keep.txt").tar();
            assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(descriptor(stack, TAR, viaSymlink)).addAllMounts(mounts).build()));
            assertEquals(1, Files.getAttribute(sentinel.resolve("keep.txt"), "unix:nlink"));
            assertNothingOutside();
        }
    }

    @Test
    void directoryTimesAreNotSetThroughASymlinkThatReplacedTheirParent() throws Exception {
        // a/ and a/victim/ are written, then a becomes a symlink to the sentinel beside the root:
        // the times of a/victim, set at the end of the layer, must not land on sentinel/victim
        Path victim = Files.createDirectories(sentinel.resolve("victim"));
        FileTime before = Files.getLastModifiedTime(victim);
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "times", "", Map.of());
            byte[] layer = new TarBuilder().dir("a", 0755).dir("a/victim", 0755)
                    .symlink("a", dir.resolve("sentinel").toString()).tar();
            try {
                stack.diff().apply(ApplyRequest.newBuilder().setDiff(descriptor(stack, TAR, layer)).addAllMounts(mounts).build());
            } catch (io.grpc.StatusRuntimeException refused) {
                // refusing the layer is fine too; touching the outside is not
            }
        }
        assertEquals(before, Files.getLastModifiedTime(victim));
    }

    @Test
    void symlinkLoopsAreRefused() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "loop", "", Map.of());
            byte[] layer = new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "x").tar();
            assertCode(Status.Code.INVALID_ARGUMENT, () -> stack.diff().apply(ApplyRequest.newBuilder()
                    .setDiff(descriptor(stack, TAR, layer)).addAllMounts(mounts).build()));
        }
    }

    private void assertNothingOutside() throws Exception {
        try (Stream<Path> files = Files.list(sentinel)) {
            assertEquals(Set.of("keep.txt"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("original", Files.readString(sentinel.resolve("keep.txt")));
        for (Path outside : List.of(dir.resolve("outside.txt"), dir.resolve("root/outside.txt"),
                dir.resolve("root/snapshots/outside.txt"), dir.resolve("escaped"),
                Path.of("/abs-" + unique + ".txt"), Path.of("/tmp/pwned-" + unique))) {
            assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS), outside + " was written");
        }
        assertFalse(Files.readString(Path.of("/etc/passwd")).contains("root::0:0::/:/bin/sh"));
    }

    private void assertContainedIn(Path fs) throws Exception {
        for (String inside : List.of("sentinel/dotdot.txt", "outside.txt", "abs-" + unique + ".txt",
                "tmp/pwned-" + unique, "sentinel/escaped.txt", "escaped", "sentinel/chained.txt", "etc/passwd")) {
            assertTrue(Files.isRegularFile(fs.resolve(inside), LinkOption.NOFOLLOW_LINKS), inside + " should be inside the snapshot");
        }
        assertTrue(Files.isRegularFile(fs.resolve("keep-link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("replaces the link, not its target", Files.readString(fs.resolve("keep-link")));
    }
}
