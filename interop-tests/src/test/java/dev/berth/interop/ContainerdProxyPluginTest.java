package dev.berth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real containerd (Debian's 1.6) using Berth's snapshotter and content store as its
 * {@code proxy_plugins}: an OCI archive made from /bin/busybox is imported with
 * {@code ctr image import --snapshotter berth}, a container runs on it with {@code ctr run}, and
 * what containerd stored is found in Berth's services, not in containerd's own stores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerdProxyPluginTest {
    private static final String IMAGE = "docker.io/berth/interop-busybox:latest";

    private static Path dir;
    private static BerthStack berth;
    private static ContainerdProcess containerd;
    private static OciArchive archive;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireBusybox();
        Path containerdBinary = Prerequisites.requireCommand("containerd");
        Path ctr = Prerequisites.requireCommand("ctr");
        Prerequisites.requireCommand("containerd-shim-runc-v2");
        Path runc = Prerequisites.requireCommand("runc");
        ReactorLayout layout = ReactorLayout.find();
        dir = TempDirs.create("berth-interop-ctd-");
        berth = BerthStack.start(layout, dir.resolve("berth"), false, runc);
        containerd = ContainerdProcess.start(containerdBinary, ctr, dir.resolve("containerd"), berth.snapshotterSocket(),
                berth.contentSocket());
        archive = OciArchive.write(dir.resolve("busybox-oci.tar"), IMAGE, BusyboxLayer.tar(Prerequisites.BUSYBOX));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (containerd != null) {
                containerd.close();
            }
        } finally {
            try {
                if (berth != null) {
                    berth.close();
                }
            } finally {
                TempDirs.remove(dir);
            }
        }
    }

    @Test
    @Order(1)
    void containerdLoadsBerthsServicesAsItsSnapshotterAndContentStore() {
        String plugins = containerd.ctr(30, "plugins", "ls").checked();
        assertTrue(plugins.lines().anyMatch(l -> l.matches("io\\.containerd\\.snapshotter\\.v1\\s+berth\\s+.*\\bok\\s*")),
                "berth snapshot proxy not loaded:\n" + plugins);
        assertTrue(plugins.lines().anyMatch(l -> l.matches("io\\.containerd\\.content\\.v1\\s+berth-content\\s+.*\\bok\\s*")),
                "berth-content proxy not loaded:\n" + plugins);
        assertFalse(plugins.lines().anyMatch(l -> l.matches("io\\.containerd\\.content\\.v1\\s+content\\s+.*")),
                "containerd's own content store is loaded:\n" + plugins);
    }

    @Test
    @Order(2)
    void importStoresTheBlobsInBerthsContentStoreAndUnpacksIntoBerthsSnapshotter() throws Exception {
        String imported = containerd.ctr(120, "image", "import", "--snapshotter", ContainerdProcess.SNAPSHOTTER,
                archive.file().toString()).checked();
        assertTrue(imported.contains(IMAGE), imported);
        assertTrue(containerd.ctr(30, "images", "ls", "-q").checked().lines().anyMatch(IMAGE::equals));

        // Let both garbage collectors run: containerd's (after the import's lease is deleted) and any
        // of Berth's own (scheduled ~1 s after a Delete). containerd keeps the references to these
        // blobs (image record, gc.ref labels, leases) in its own metadata, which a backend never
        // sees, so a store behind a proxy must not collect them by itself.
        Thread.sleep(3000);
        try (BerthInspector inspect = new BerthInspector(berth.contentSocket(), berth.snapshotterSocket())) {
            assertTrue(inspect.blobDigests().containsAll(archive.blobDigests()), () -> "Berth's content store lost blobs "
                    + "containerd still references: it lists " + inspect.blobDigests() + ", containerd lists\n"
                    + containerd.ctr(30, "content", "ls").output() + berth.logs());
            for (String digest : archive.blobDigests()) {
                assertTrue(inspect.blobSize(digest) > 0, digest);
            }
            Info layer = committedLayer(inspect).orElseThrow(() -> new AssertionError(
                    "no committed snapshot of chain id " + archive.chainId() + " in Berth: " + inspect.snapshots("berth")));
            assertTrue(layer.getName().startsWith(ContainerdProcess.NAMESPACE + "/"), layer.getName());
            // the layer was applied into Berth's snapshot: it holds busybox
            long usage = inspect.usage(ContainerdProcess.SNAPSHOTTER, layer.getName()).getSize();
            assertTrue(usage >= Files.size(Prerequisites.BUSYBOX), "usage " + usage);
        }
        // containerd's own stores stayed empty
        assertFalse(Files.exists(containerd.root().resolve("io.containerd.content.v1.content/blobs/sha256/"
                + Digests.hex(archive.layerDigest()))));
        assertEquals(0, entries(containerd.root().resolve("io.containerd.snapshotter.v1.overlayfs/snapshots")));
    }

    @Test
    @Order(3)
    void aContainerRunsOnBerthsSnapshotAndItsRootfsIsABerthSnapshot() throws Exception {
        CommandResult run = containerd.ctr(120, "run", "--rm", "--snapshotter", ContainerdProcess.SNAPSHOTTER, IMAGE,
                "interop-echo", "echo", "hello");
        assertEquals(0, run.exitCode(), () -> run.output() + "\n" + berth.logs() + containerd.log());
        assertEquals("hello", run.output().strip());

        containerd.ctr(60, "containers", "create", "--snapshotter", ContainerdProcess.SNAPSHOTTER, IMAGE, "interop-held")
                .checked();
        try (BerthInspector inspect = new BerthInspector(berth.contentSocket(), berth.snapshotterSocket())) {
            Info layer = committedLayer(inspect).orElseThrow();
            Info rootfs = inspect.snapshots(ContainerdProcess.SNAPSHOTTER).stream()
                    .filter(i -> i.getName().endsWith("/interop-held")).findFirst()
                    .orElseThrow(() -> new AssertionError("the container's rootfs is not a Berth snapshot"));
            assertEquals(Kind.ACTIVE, rootfs.getKind());
            assertEquals(layer.getName(), rootfs.getParent());

            containerd.ctr(60, "containers", "delete", "interop-held").checked();
            // containerd's garbage collector removes it from the backend after the delete
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inspect.snapshots(ContainerdProcess.SNAPSHOTTER).stream().anyMatch(i -> i.getName().endsWith("/interop-held"))) {
                assertTrue(System.nanoTime() < deadline, "containerd did not remove the container's snapshot from Berth");
                Thread.sleep(100);
            }
        }
        // ctr run --rm left no task and no shim behind
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!containerd.shims().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), containerd.shims());
        assertEquals("", containerd.ctr(30, "tasks", "ls", "-q").checked().strip());
    }

    private static Optional<Info> committedLayer(BerthInspector inspect) {
        return inspect.snapshots(ContainerdProcess.SNAPSHOTTER).stream()
                .filter(i -> i.getKind() == Kind.COMMITTED && i.getName().endsWith("/" + archive.chainId()))
                .findFirst();
    }

    private static long entries(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.count();
        }
    }
}
