package dev.berth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Berth's gateway ({@code berthd}) over containerd's own services: the real containerd (Debian's
 * 1.6) runs with its default plugins (its own content store, metadata and overlayfs snapshotter),
 * and the gateway's {@code content.address}, {@code snapshotter.address} and {@code diff.address}
 * are containerd's gRPC socket ({@code snapshotter.name=overlayfs}, namespace {@value #NAMESPACE});
 * only networking ({@code berth-network}) and the shim hosts (deploy/bin/berth-shim, launched by
 * the gateway) are Berth's. No Berth content store or snapshotter runs. Through the Docker CLI on
 * the gateway's socket: {@code docker import} puts the image, its blobs and its unpacked layer in
 * containerd's stores; containers run on containerd's snapshots, which survive containerd's garbage
 * collection while the container exists; {@code docker rmi} lets containerd collect everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOnContainerdTest {
    static final String NAMESPACE = "berth-gw";
    private static final String SNAPSHOTTER = "overlayfs";
    private static final String IMAGE = "gw-busybox:1";
    private static final String COMMITTED = "gw-busybox:committed";
    /** A snapshot made with ctr, without containerd.io/gc.root: the proof that a collection ran. */
    private static final String CONTROL_SNAPSHOT = "gw-gc-control";

    private static Path dir;
    private static ContainerdProcess containerd;
    private static BerthStack network;
    private static GatewayProcess gateway;
    private static Path layerTar;
    /** The layer's digest: the tar is imported as is, uncompressed, so also its diff id and the chain id. */
    private static String layerDigest;
    private static String configDigest;
    private static String manifestDigest;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireBusybox();
        Path containerdBinary = Prerequisites.requireCommand("containerd");
        Path ctr = Prerequisites.requireCommand("ctr");
        Path runc = Prerequisites.requireCommand("runc");
        Path docker = Prerequisites.requireCommand("docker");
        Prerequisites.requireCommand("ip");
        ReactorLayout layout = ReactorLayout.find();
        Path shimLauncher = layout.root().resolve("deploy/bin/berth-shim");
        Prerequisites.require(Files.isExecutable(shimLauncher), shimLauncher + " (the checkout's shim launcher)");
        // short: berthd's shim sockets go deep under its state directory (<dir>/gw/run/shims/<id>/...)
        dir = TempDirs.createShort("bgw-");
        containerd = ContainerdProcess.startWithOwnStores(containerdBinary, ctr, dir.resolve("ctd"), NAMESPACE);
        network = BerthStack.startNetwork(layout, dir.resolve("berth"));
        String containerdAddress = "unix://" + containerd.socket();
        gateway = GatewayProcess.start(layout, dir.resolve("gw"), Map.of(
                "content.address", containerdAddress,
                "snapshotter.address", containerdAddress,
                "diff.address", containerdAddress,
                "snapshotter.name", SNAPSHOTTER,
                "namespace", NAMESPACE,
                "network.address", "unix://" + network.networkSocket(),
                "shim.binary", shimLauncher.toString(),
                "shim.group-size", "0"), runc, docker);
        byte[] layer = BusyboxLayer.tar(Prerequisites.BUSYBOX);
        layerTar = Files.write(dir.resolve("busybox-layer.tar"), layer);
        layerDigest = Digests.sha256(layer);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try {
                if (network != null) {
                    network.close();
                }
            } finally {
                try {
                    if (containerd != null) {
                        containerd.close();
                    }
                } finally {
                    TempDirs.remove(dir);
                }
            }
        }
    }

    @Test
    @Order(1)
    void dockerImportStoresTheImageInContainerdsStores() {
        String imported = docker(120, "import", layerTar.toString(), IMAGE).strip();
        assertTrue(imported.matches("sha256:[0-9a-f]{64}"), imported);
        configDigest = imported;
        assertEquals(configDigest, docker(30, "image", "inspect", "--format", "{{.Id}}", IMAGE).strip());

        // the image record is containerd's
        String record = imageRecord().orElseThrow(() -> new AssertionError("containerd has no record of " + IMAGE
                + ":\n" + ctr("images", "ls") + diagnostics()));
        manifestDigest = columns(record)[2];
        assertTrue(manifestDigest.matches("sha256:[0-9a-f]{64}"), record);

        // manifest, config and layer are blobs in containerd's content store, with the references
        // containerd's garbage collector follows
        Map<String, String> content = contentLabels();
        for (String digest : List.of(manifestDigest, configDigest, layerDigest)) {
            assertTrue(content.containsKey(digest), () -> digest + " not in containerd's content store:\n" + ctr("content", "ls"));
            assertTrue(Files.isRegularFile(containerd.root().resolve("io.containerd.content.v1.content/blobs/sha256")
                    .resolve(Digests.hex(digest))), digest + " not on containerd's disk");
        }
        assertTrue(content.get(manifestDigest).contains("containerd.io/gc.ref.content.config=" + configDigest),
                content.get(manifestDigest));
        assertTrue(content.get(manifestDigest).contains("containerd.io/gc.ref.content.l.0=" + layerDigest),
                content.get(manifestDigest));
        assertTrue(content.get(configDigest).contains("containerd.io/gc.ref.snapshot." + SNAPSHOTTER + "=" + layerDigest),
                content.get(configDigest));

        // the layer is unpacked into a committed overlayfs snapshot of containerd, named by its chain id
        String[] layer = snapshot(layerDigest).orElseThrow(() -> new AssertionError("no snapshot " + layerDigest
                + " in containerd:\n" + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls") + diagnostics()));
        assertEquals("Committed", layer[2], String.join(" ", layer));
        // and nothing else: no extraction left active
        assertEquals(Set.of(layerDigest), snapshotKeys(), () -> ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls"));
    }

    @Test
    @Order(2)
    void containersRunOnContainerdsSnapshotsWhichSurviveItsGarbageCollection() throws Exception {
        CommandResult run = gateway.docker(120, "run", "--rm", "--network", "none", IMAGE, "echo", "hello");
        assertEquals(0, run.exitCode(), () -> run.output() + diagnostics());
        assertEquals("hello", run.output().strip());
        // --rm removed the container and with it its snapshot
        awaitTrue(() -> snapshotKeys().equals(Set.of(layerDigest)),
                () -> "the removed container's snapshot is still in containerd:\n" + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls"));

        String held = docker(60, "run", "-d", "--network", "none", "--name", "gw-held", IMAGE,
                "sh", "-c", "echo started; exec sleep 600").strip();
        gateway.made(held);
        assertTrue(held.matches("[0-9a-f]{64}"), held);
        awaitTrue(() -> gateway.docker(30, "logs", "gw-held").output().contains("started"),
                () -> "docker logs gw-held: " + gateway.docker(30, "logs", "gw-held").output() + diagnostics());
        String later = docker(60, "create", "--network", "none", "--name", "gw-later", IMAGE, "echo", "later").strip();
        gateway.made(later);

        // each container's rootfs is an active snapshot of containerd on the image's layer, a gc root
        for (String id : List.of(held, later)) {
            String[] rootfs = snapshot(id).orElseThrow(() -> new AssertionError("container " + id
                    + " has no snapshot in containerd:\n" + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls")));
            assertEquals(layerDigest, rootfs[1], String.join(" ", rootfs));
            assertEquals("Active", rootfs[2], String.join(" ", rootfs));
            String info = ctr("snapshots", "--snapshotter", SNAPSHOTTER, "info", id);
            assertTrue(info.contains("containerd.io/gc.root"), info);
        }

        // a garbage collection of containerd (an image record deleted with --sync) keeps them; a
        // control snapshot on the same layer without the label, which nothing refers to, goes
        // (ctr's prepare labels its snapshot a gc root: that label is taken off again)
        ctr("snapshots", "--snapshotter", SNAPSHOTTER, "prepare", CONTROL_SNAPSHOT, layerDigest);
        ctr("snapshots", "--snapshotter", SNAPSHOTTER, "label", CONTROL_SNAPSHOT, "containerd.io/gc.root=");
        String control = ctr("snapshots", "--snapshotter", SNAPSHOTTER, "info", CONTROL_SNAPSHOT);
        assertFalse(control.contains("containerd.io/gc.root"), control);
        Set<String> contentBefore = contentLabels().keySet();
        Set<String> snapshotsBefore = snapshotKeys();
        String reference = columns(imageRecord().orElseThrow())[0];
        ctr("images", "tag", reference, "docker.io/library/gw-gc-trigger:1");
        ctr("images", "rm", "--sync", "docker.io/library/gw-gc-trigger:1");
        assertEquals(Optional.empty(), snapshot(CONTROL_SNAPSHOT).map(r -> String.join(" ", r)),
                "containerd's garbage collection did not run (or ctr's snapshot was leased)");
        snapshotsBefore.remove(CONTROL_SNAPSHOT);
        assertEquals(contentBefore, contentLabels().keySet(), "containerd collected blobs in use");
        assertEquals(snapshotsBefore, snapshotKeys(), "containerd collected snapshots in use");
        assertEquals("true", docker(30, "inspect", "--format", "{{.State.Running}}", "gw-held").strip());
        CommandResult started = gateway.docker(120, "start", "-a", "gw-later");
        assertEquals(0, started.exitCode(), () -> started.output() + diagnostics());
        assertEquals("later", started.output().strip());

        assertTrue(docker(60, "logs", "gw-held").contains("started"));
        docker(60, "rm", "-f", "gw-held", "gw-later");
        awaitTrue(() -> snapshotKeys().equals(Set.of(layerDigest)),
                () -> "removed containers' snapshots are still in containerd:\n" + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls"));
        assertEquals("", docker(30, "ps", "-aq").strip());
        String runcLeft = Commands.run(List.of(Prerequisites.requireCommand("runc").toString(), "--root",
                gateway.runcRoot().toString(), "list", "-q"), 30).checked();
        assertEquals("", runcLeft.strip(), "runc containers left");
    }

    /**
     * {@code docker commit} over containerd's differ: containerd's walking differ answers Diff with a
     * bare descriptor and records the layer's diff id only as the label
     * {@code containerd.io/uncompressed} of the blob it wrote (Berth's differ also puts it in the
     * descriptor's annotations), so the gateway must read it from the content store.
     */
    @Test
    @Order(3)
    void dockerCommitMakesALayerWithContainerdsDiffer() throws Exception {
        docker(60, "run", "--network", "none", "--name", "gw-commit", IMAGE, "sh", "-c", "echo committed > /committed");
        gateway.made(docker(60, "ps", "-aq", "--no-trunc", "--filter", "name=gw-commit").strip());
        String committed;
        try {
            committed = docker(300, "commit", "gw-commit", COMMITTED).strip();
        } finally {
            // the next test removes the image, which a container left behind would hold
            gateway.docker(60, "rm", "-f", "gw-commit");
        }
        assertTrue(committed.matches("sha256:[0-9a-f]{64}"), committed);
        CommandResult run = gateway.docker(120, "run", "--rm", "--network", "none", COMMITTED, "cat", "/committed");
        assertEquals(0, run.exitCode(), () -> run.output() + diagnostics());
        assertEquals("committed", run.output().strip());
        // the new layer is a blob of containerd's, with its diff id, unpacked on the base layer
        String config = ctr("content", "ls").lines().filter(l -> l.startsWith(committed)).findFirst()
                .orElseThrow(() -> new AssertionError("the committed config is not in containerd:\n" + ctr("content", "ls")));
        String topChainId = config.replaceAll(".*containerd\\.io/gc\\.ref\\.snapshot\\." + SNAPSHOTTER + "=(sha256:[0-9a-f]{64}).*", "$1");
        String[] top = snapshot(topChainId).orElseThrow(() -> new AssertionError("the committed layer is not unpacked:\n"
                + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls")));
        assertEquals(layerDigest, top[1], String.join(" ", top));
        docker(60, "rmi", COMMITTED);
        awaitTrue(() -> snapshotKeys().equals(Set.of(layerDigest)), () -> "the committed image's snapshot is still in containerd:\n"
                + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls"));
        awaitTrue(() -> contentLabels().keySet().equals(Set.of(layerDigest, configDigest, manifestDigest)),
                () -> "the committed image's blobs are still in containerd:\n" + ctr("content", "ls"));
    }

    @Test
    @Order(4)
    void dockerRmiLetsContainerdCollectTheImage() throws Exception {
        String removed = docker(60, "rmi", IMAGE);
        assertTrue(removed.contains(configDigest), removed);
        assertEquals(Optional.empty(), imageRecord());
        assertEquals("", ctr("images", "ls", "-q").strip(), "image records left in containerd");
        // the gateway's delete asks containerd to collect (sync), and the scheduler collects after each deletion
        awaitTrue(() -> {
            Set<String> left = contentLabels().keySet();
            return !left.contains(layerDigest) && !left.contains(configDigest) && !left.contains(manifestDigest);
        }, () -> "containerd kept the removed image's blobs:\n" + ctr("content", "ls") + diagnostics());
        awaitTrue(() -> snapshotKeys().isEmpty(),
                () -> "containerd kept the removed image's snapshots:\n" + ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls"));
        assertFalse(Files.exists(containerd.root().resolve("io.containerd.content.v1.content/blobs/sha256")
                .resolve(Digests.hex(layerDigest))), "the layer blob is still on containerd's disk");
        assertEquals("", ctr("content", "ls", "-q").strip(), "blobs left in containerd");
    }

    // ---- helpers

    private static String docker(long timeoutSeconds, String... arguments) {
        CommandResult result = gateway.docker(timeoutSeconds, arguments);
        if (result.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", arguments) + " exited " + result.exitCode() + ":\n"
                    + result.output() + diagnostics());
        }
        return result.output();
    }

    private static String ctr(String... arguments) {
        return containerd.ctr(60, arguments).checked();
    }

    /** containerd's record of the image: a line of {@code ctr images ls} (REF TYPE DIGEST ...). */
    private static Optional<String> imageRecord() {
        return ctr("images", "ls").lines().skip(1).filter(l -> columns(l)[0].endsWith("/" + IMAGE)).findFirst();
    }

    /** {@code ctr content ls}: digest -> labels column. */
    private static Map<String, String> contentLabels() {
        return ctr("content", "ls").lines().skip(1).map(GatewayOnContainerdTest::columns).filter(c -> c.length >= 1)
                .collect(Collectors.toMap(c -> c[0], c -> c.length >= 4 && c[c.length - 1].contains("=") ? c[c.length - 1] : ""));
    }

    /** {@code ctr snapshots ls}: the row (KEY PARENT KIND) of {@code key}. */
    private static Optional<String[]> snapshot(String key) {
        return ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls").lines().skip(1).map(GatewayOnContainerdTest::columns)
                .filter(c -> c[0].equals(key)).findFirst()
                .map(c -> c.length == 2 ? new String[] {c[0], "", c[1]} : c);
    }

    private static Set<String> snapshotKeys() {
        return ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls").lines().skip(1).map(l -> columns(l)[0])
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String[] columns(String line) {
        return line.strip().split("\\s+");
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(200);
        }
    }

    private static String diagnostics() {
        return "\n" + gateway.logs() + network.logs() + "---- containerd log\n" + containerd.log();
    }
}
