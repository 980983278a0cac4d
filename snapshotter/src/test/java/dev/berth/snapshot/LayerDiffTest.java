package dev.berth.snapshot;

import static dev.berth.snapshot.SnapshotsServiceTest.assertCode;
import static dev.berth.snapshot.SnapshotsServiceTest.prepare;
import static dev.berth.snapshot.SnapshotsServiceTest.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.diff.v1.DiffRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.containerd.types.Mount;
import dev.berth.common.posix.Posix;
import io.grpc.Status;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diff: a container's changes become a layer in the content store, which Apply turns back into the same tree. */
class LayerDiffTest {
    static final String TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String UNCOMPRESSED = "containerd.io/uncompressed";

    /** The container's changes as the fast path writes them, from the upperdir. */
    static final List<String> CONTAINER_LAYER = List.of(
            "escape symlink 0777 0:0 -> /",
            "etc/ dir 0755 0:0",
            "etc/added file 0644 0:0 'added' user.note=hello",
            "etc/hosts file 0644 0:0 'changed'",
            ".wh.gone.txt file 0000 0:0 ''",
            "keep/ dir 0750 0:0",
            "keep/x file 0600 0:0 'x'",
            "newdir/ dir 0755 0:0",
            "newdir/hard file 0640 1000:1000 'new'",
            "newdir/link symlink 0777 0:0 -> ../etc/hosts",
            "newdir/new.txt link 0640 1000:1000 -> newdir/hard",
            "newdir/null char 0666 0:0 1,3",
            "old/ dir 0755 0:0",
            "old/.wh..wh..opq file 0000 0:0 ''",
            "old/fresh file 0644 0:0 'fresh'");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        RootPrerequisites.require();
    }

    static byte[] baseLayer() {
        return new TarBuilder()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost")
                .file("etc/passwd", "root:x:0:0")
                .file("gone.txt", "bye")
                .dir("old", 0755)
                .file("old/a", "a")
                .dir("old/sub", 0755)
                .file("old/sub/b", "b")
                .dir("keep", 0750)
                .file("keep/x", "x")
                .file("bin/tool", "#!tool", 04755, 1000, 1001)
                .tar();
    }

    /** What a container does to its rootfs. */
    static void changeContainer(Path rootfs) throws IOException {
        Path newdir = Files.createDirectory(rootfs.resolve("newdir"));
        Files.setAttribute(newdir, "unix:mode", 0755);
        Path created = Files.writeString(newdir.resolve("new.txt"), "new");
        Files.setAttribute(created, "unix:uid", 1000);
        Files.setAttribute(created, "unix:gid", 1000);
        Files.setAttribute(created, "unix:mode", 0640);
        Files.createLink(newdir.resolve("hard"), created);
        Files.createSymbolicLink(newdir.resolve("link"), Path.of("../etc/hosts"));
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("/")); // written as a link, never walked into
        Posix.mknod(newdir.resolve("null"), Posix.S_IFCHR | 0666, Posix.makedev(1, 3));
        Files.setAttribute(newdir.resolve("null"), "unix:mode", 0666);

        Path added = Files.writeString(rootfs.resolve("etc/added"), "added");
        Files.setAttribute(added, "unix:mode", 0644);
        Posix.setXattr(added, "user.note", "hello".getBytes(StandardCharsets.UTF_8));
        Files.writeString(rootfs.resolve("etc/hosts"), "changed");
        Files.delete(rootfs.resolve("gone.txt"));
        Files.setAttribute(rootfs.resolve("keep/x"), "unix:mode", 0600);

        Files.delete(rootfs.resolve("old/sub/b"));
        Files.delete(rootfs.resolve("old/sub"));
        Files.delete(rootfs.resolve("old/a"));
        Files.delete(rootfs.resolve("old"));
        Files.setAttribute(Files.createDirectory(rootfs.resolve("old")), "unix:mode", 0755);
        Files.setAttribute(Files.writeString(rootfs.resolve("old/fresh"), "fresh"), "unix:mode", 0644);
    }

    /** The image's layer committed as chain-1 and a container over it that made its changes; returns its mounts. */
    List<Mount> containerWithChanges(Stack stack) throws IOException {
        DiffServiceTest.unpack(stack, "chain-1", "", TAR, baseLayer());
        List<Mount> container = prepare(stack.snapshots(), "container", "chain-1", Map.of());
        try (MountedTree rootfs = MountedTree.mount(container, dir.resolve("rootfs"))) {
            changeContainer(rootfs.root());
        }
        return container;
    }

    static Descriptor diff(Stack stack, List<Mount> left, List<Mount> right, String mediaType) {
        return stack.diff().diff(DiffRequest.newBuilder().addAllLeft(left).addAllRight(right).setMediaType(mediaType).build()).getDiff();
    }

    static void assertScratchEmpty(Stack stack) throws IOException {
        try (Stream<Path> left = Files.list(stack.root.resolve("diff"))) {
            assertEquals(List.of(), left.toList(), "layer files and mount points are removed");
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(stack.root.resolve("diff").toString()),
                "nothing stays mounted");
    }

    @Test
    void containerChangesBecomeALayerThatAppliesBackToTheSameTree() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");

            Descriptor layer = diff(stack, image, container, TAR);
            byte[] blob = stack.content.blobs.get(layer.getDigest());
            assertEquals(InMemoryContent.sha256(blob), layer.getDigest());
            assertEquals(blob.length, layer.getSize());
            assertEquals(TAR, layer.getMediaType());
            assertEquals(Map.of(UNCOMPRESSED, layer.getDigest()), layer.getAnnotationsMap(), "a plain tar is its own diff id");
            assertEquals(Map.of(UNCOMPRESSED, layer.getDigest()), stack.content.labels.get(layer.getDigest()));
            assertEquals(List.of("default"), stack.content.writeNamespaces);

            assertEquals(CONTAINER_LAYER, TarEntries.describe(blob));
            assertEquals(0, TarEntries.mtime(blob, ".wh.gone.txt"), "whiteouts have time 0, as containerd writes them");
            FileTime hosts = Files.getLastModifiedTime(stack.snapshotter.dirs().fs(2).resolve("etc/hosts"), LinkOption.NOFOLLOW_LINKS);
            assertEquals(hosts.toInstant().getEpochSecond(), TarEntries.mtime(blob, "etc/hosts"));
            assertScratchEmpty(stack);

            List<Mount> roundTrip = prepare(stack.snapshots(), "round-trip", "chain-1", Map.of());
            stack.diff().apply(ApplyRequest.newBuilder().setDiff(layer).addAllMounts(roundTrip).build());
            try (MountedTree original = MountedTree.mount(container, dir.resolve("original"));
                 MountedTree applied = MountedTree.mount(roundTrip, dir.resolve("applied"))) {
                Map<String, String> expected = TreeListing.of(original.root());
                assertTrue(expected.get("newdir/hard").contains("nlink=2"));
                assertEquals(expected, TreeListing.of(applied.root()));
                assertEquals(Files.getAttribute(applied.root().resolve("newdir/hard"), "unix:ino"),
                        Files.getAttribute(applied.root().resolve("newdir/new.txt"), "unix:ino"));
            }
        }
    }

    @Test
    void compressedLayersHoldTheSameTar() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");
            Descriptor plain = diff(stack, image, container, TAR);

            for (String mediaType : List.of("", TAR + "+gzip", TAR + "+zstd")) {
                Descriptor layer = diff(stack, image, container, mediaType);
                String expectedType = mediaType.isEmpty() ? TAR + "+gzip" : mediaType;
                assertEquals(expectedType, layer.getMediaType(), "gzip when no media type is asked for");
                byte[] blob = stack.content.blobs.get(layer.getDigest());
                assertEquals(InMemoryContent.sha256(blob), layer.getDigest());
                assertEquals(blob.length, layer.getSize());
                byte[] tar = TarEntries.uncompressed(blob);
                assertEquals(plain.getDigest(), InMemoryContent.sha256(tar), "the same tar, byte for byte, inside " + expectedType);
                assertEquals(Map.of(UNCOMPRESSED, plain.getDigest()), layer.getAnnotationsMap());
                assertEquals(plain.getDigest(), stack.content.labels.get(layer.getDigest()).get(UNCOMPRESSED));
            }
            assertScratchEmpty(stack);
        }
    }

    @Test
    void snapshotsWithoutAnUpperDirAreComparedByWalkingBothTrees() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            Descriptor layer = diff(stack, view(stack.snapshots(), "image-view", "chain-1"), container, TAR);
            DiffServiceTest.unpack(stack, "chain-2", "chain-1", TAR, stack.content.blobs.get(layer.getDigest()));

            // a view of two layers is an overlay without upperdir: the trees are mounted and walked side by side
            List<Mount> second = view(stack.snapshots(), "view-2", "chain-2");
            Descriptor walked = diff(stack, view(stack.snapshots(), "view-1", "chain-1"), second, TAR);
            assertEquals(List.of(
                    "escape symlink 0777 0:0 -> /",
                    "etc/ dir 0755 0:0",
                    "etc/added file 0644 0:0 'added' user.note=hello",
                    "etc/hosts file 0644 0:0 'changed'",
                    ".wh.gone.txt file 0000 0:0 ''",
                    "keep/ dir 0750 0:0",
                    "keep/x file 0600 0:0 'x'",
                    "newdir/ dir 0755 0:0",
                    "newdir/hard file 0640 1000:1000 'new'",
                    "newdir/link symlink 0777 0:0 -> ../etc/hosts",
                    "newdir/new.txt link 0640 1000:1000 -> newdir/hard",
                    "newdir/null char 0666 0:0 1,3",
                    "old/ dir 0755 0:0",
                    "old/.wh.a file 0000 0:0 ''",
                    "old/fresh file 0644 0:0 'fresh'",
                    "old/.wh.sub file 0000 0:0 ''"), TarEntries.describe(stack.content.blobs.get(walked.getDigest())));

            // no parent: everything is added
            Descriptor whole = diff(stack, List.of(), view(stack.snapshots(), "view-1b", "chain-1"), TAR);
            assertEquals(List.of("bin/", "bin/tool", "etc/", "etc/hosts", "etc/passwd", "gone.txt", "keep/", "keep/x",
                            "old/", "old/a", "old/sub/", "old/sub/b"),
                    TarEntries.describe(stack.content.blobs.get(whole.getDigest())).stream().map(line -> line.split(" ")[0]).toList());
            assertScratchEmpty(stack);
        }
    }

    @Test
    void aRunningContainerIsDiffedWhileMounted() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");
            try (MountedTree running = MountedTree.mount(container, dir.resolve("running"))) {
                assertEquals(CONTAINER_LAYER, TarEntries.describe(stack.content.blobs.get(diff(stack, image, container, TAR).getDigest())));

                // no parent given: the container's overlay, mounted read-only with its upperdir as top lowerdir, is walked whole
                Descriptor whole = diff(stack, List.of(), container, TAR);
                assertEquals(List.of("bin/", "bin/tool", "escape", "etc/", "etc/added", "etc/hosts", "etc/passwd", "keep/", "keep/x",
                                "newdir/", "newdir/hard", "newdir/link", "newdir/new.txt", "newdir/null", "old/", "old/fresh"),
                        TarEntries.describe(stack.content.blobs.get(whole.getDigest())).stream().map(line -> line.split(" ")[0]).toList());
                assertEquals("changed", Files.readString(running.root().resolve("etc/hosts")), "the container's mount is untouched");
            }
            assertScratchEmpty(stack);
        }
    }

    @Test
    void aRenamedDirectoryInTheUpperDirIsDiffedByWalkingTheTrees() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            // what "mv bin moved" leaves in an upperdir with redirect_dir=on: a whiteout and a redirected directory
            Path upper = stack.snapshotter.dirs().fs(2);
            Posix.mknod(upper.resolve("bin"), Posix.S_IFCHR, Posix.makedev(0, 0));
            Path moved = Files.createDirectory(upper.resolve("moved"));
            Files.setAttribute(moved, "unix:mode", 0755);
            Posix.setXattr(moved, "trusted.overlay.redirect", "/bin".getBytes(StandardCharsets.US_ASCII));

            Descriptor layer = diff(stack, view(stack.snapshots(), "image-view", "chain-1"), container, TAR);
            List<String> entries = TarEntries.describe(stack.content.blobs.get(layer.getDigest()));
            assertTrue(entries.contains(".wh.bin file 0000 0:0 ''"), entries::toString);
            assertTrue(entries.contains("moved/tool file 4755 1000:1001 '#!tool'"), "the renamed directory's content is in the layer: " + entries);
            assertTrue(entries.contains("old/.wh.a file 0000 0:0 ''"), "the trees were compared: " + entries);
            assertScratchEmpty(stack);
        }
    }

    @Test
    void theSourceDateEpochCapsModificationTimes() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            Timestamp epoch = Timestamp.newBuilder().setSeconds(TarBuilder.MTIME.getEpochSecond() + 60).build();
            Descriptor layer = stack.diff().diff(DiffRequest.newBuilder().addAllLeft(view(stack.snapshots(), "image-view", "chain-1"))
                    .addAllRight(container).setMediaType(TAR).setSourceDateEpoch(epoch).build()).getDiff();
            byte[] blob = stack.content.blobs.get(layer.getDigest());
            assertEquals(epoch.getSeconds(), TarEntries.mtime(blob, "etc/hosts"), "changed now, written as the epoch");
            assertEquals(TarBuilder.MTIME.getEpochSecond(), TarEntries.mtime(blob, "keep/x"), "older times are kept");
            assertEquals(0, TarEntries.mtime(blob, "old/.wh..wh..opq"));
        }
    }

    @Test
    void contentThatExistsIsKeptAndGetsTheUncompressedLabel() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");
            Descriptor first = diff(stack, image, container, TAR + "+gzip");
            stack.content.labels.get(first.getDigest()).clear();

            Descriptor again = diff(stack, image, container, TAR + "+gzip");
            assertEquals(first, again, "the same changes make the same blob");
            assertEquals(Map.of(UNCOMPRESSED, first.getAnnotationsOrThrow(UNCOMPRESSED)), stack.content.labels.get(first.getDigest()));
            assertEquals(Map.of(), stack.content.ingests, "no ingest is left behind");
            assertScratchEmpty(stack);
        }
    }

    @Test
    void badRequestsAreRefused() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");
            assertCode(Status.Code.UNIMPLEMENTED, () -> diff(stack, image, container, TAR + "+encrypted"));
            assertCode(Status.Code.UNIMPLEMENTED, () -> diff(stack, image, container, "application/vnd.docker.image.rootfs.diff.tar"));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> diff(stack, image, List.of(), TAR));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> diff(stack, image,
                    List.of(Mount.newBuilder().setType("tmpfs").setSource("tmpfs").build()), TAR));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> diff(stack, image,
                    List.of(container.getFirst(), container.getFirst()), TAR));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> diff(stack, image,
                    List.of(image.getFirst().toBuilder().setSource("relative/dir").build()), TAR));
            assertCode(Status.Code.INVALID_ARGUMENT, () -> diff(stack, image,
                    List.of(Mount.newBuilder().setType("overlay").setSource("overlay").addOptions("upperdir=/tmp").build()), TAR));
            assertScratchEmpty(stack);
        }
    }

    @Test
    void aFailedDiffLeavesNothingBehind() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            List<Mount> container = containerWithChanges(stack);
            List<Mount> image = view(stack.snapshots(), "image-view", "chain-1");
            int blobs = stack.content.blobs.size();

            stack.content.failCommits = Status.RESOURCE_EXHAUSTED.withDescription("disk full");
            var failed = assertCode(Status.Code.RESOURCE_EXHAUSTED, () -> diff(stack, image, container, TAR + "+gzip"));
            assertTrue(failed.getStatus().getDescription().contains("disk full"));
            assertEquals(1, stack.content.aborted.size(), "the upload under a ref of the differ's own is aborted");
            assertEquals(Map.of(), stack.content.ingests);
            assertEquals(blobs, stack.content.blobs.size());
            assertScratchEmpty(stack);

            // the general path fails after creating its mount points
            stack.content.failCommits = null;
            List<Mount> missing = List.of(Mount.newBuilder().setType("bind").setSource(dir.resolve("no-such-dir").toString())
                    .addOptions("ro").build());
            assertCode(Status.Code.INTERNAL, () -> diff(stack, image, missing, TAR));
            assertScratchEmpty(stack);

            // the general path fails after walking its mounted trees
            stack.content.failCommits = Status.UNAVAILABLE.withDescription("going away");
            assertCode(Status.Code.UNAVAILABLE, () -> diff(stack, List.of(), image, TAR));
            assertEquals(2, stack.content.aborted.size());
            assertScratchEmpty(stack);
        }
    }
}
