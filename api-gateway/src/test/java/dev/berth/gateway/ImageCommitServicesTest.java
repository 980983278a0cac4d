package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.image.CommitRequest;
import dev.berth.gateway.image.CommittedConfig;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.InvalidReferenceException;
import dev.berth.gateway.image.Image;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker commit against the real content store and snapshotter, launched as processes from their
 * built jars (as in {@link ImageImportServicesTest}), through the gateway's ContentImageService:
 * the container is played by a snapshot prepared from the image and changed through its mount.
 */
class ImageCommitServicesTest {
    static StorageServices storage;
    static ServiceClients clients;
    static ContentImageService images;
    static Image busybox;

    @BeforeAll
    static void start() throws Exception {
        storage = StorageServices.start("bgc");
        clients = new ServiceClients(storage.address("content"), storage.address("snapshotter"),
                storage.address("network"), "berth");
        images = new ContentImageService(clients);
        busybox = images.importImage(new ByteArrayInputStream(BusyboxRootfs.tar()), "busybox", "latest",
                List.of("CMD [\"/bin/sh\"]", "ENV PATH=/bin"), "imported");
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (storage != null) {
            storage.close(); // this test unmounts what it mounted; the snapshotter unmounts on stop
        }
    }

    /** A container's Config as inspect shows it (the gateway's ContainerConfig record serialised). */
    static ObjectNode containerConfig(String id) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(("{'Hostname':'" + id.substring(0, 12) + "','Domainname':'','User':'',"
                + "'AttachStdin':false,'AttachStdout':true,'AttachStderr':true,'ExposedPorts':null,'Tty':false,'OpenStdin':false,"
                + "'StdinOnce':false,'Env':['PATH=/bin'],'Cmd':['sh','-c','echo saved > /state.txt; rm /etc/group'],"
                + "'Image':'busybox','Volumes':null,'WorkingDir':'','Entrypoint':null,'Labels':{},'StopSignal':null,"
                + "'StopTimeout':null}").replace('\'', '"'));
    }

    /** Prepares a snapshot on {@code parent} as the gateway does for a container (key = the container id); its mounts. */
    static List<Mount> prepare(String key, String parent) {
        return clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter("overlayfs").setKey(key).setParent(parent)
                // a root, as the gateway labels a container's snapshot: a collection after a commit's lease leaves it alone
                .putLabels("containerd.io/gc.root", java.time.Instant.now().toString()).build()).getMountsList();
    }

    static void removeSnapshot(String key) {
        clients.snapshots().remove(RemoveSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(key).build());
    }

    /** Mounts the snapshot's (single) mount on a fresh directory with mount(8). */
    static Path mount(List<Mount> mounts) throws Exception {
        assertEquals(1, mounts.size(), mounts.toString());
        Mount m = mounts.getFirst();
        Path target = Files.createDirectories(storage.dir.resolve("mnt-" + UUID.randomUUID()));
        List<String> command = new ArrayList<>(List.of("mount"));
        if (!m.getType().equals("bind")) {
            command.addAll(List.of("-t", m.getType()));
        }
        if (m.getOptionsCount() > 0) {
            command.addAll(List.of("-o", String.join(",", m.getOptionsList())));
        }
        command.addAll(List.of(m.getSource(), target.toString()));
        run(command);
        return target;
    }

    static void unmount(Path target) throws Exception {
        run(List.of("umount", target.toString()));
        Files.delete(target);
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + output);
    }

    static JsonNode configDocument(Image image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        clients.content().read(ReadContentRequest.newBuilder().setDigest(image.id()).build())
                .forEachRemaining(chunk -> out.writeBytes(chunk.getData().toByteArray()));
        assertEquals(image.id(), Digest.of(out.toByteArray()).toString(), "the config blob is stored under its digest");
        return Json.MAPPER.readTree(out.toByteArray());
    }

    static List<String> snapshotNames() {
        List<String> names = new ArrayList<>();
        clients.snapshots().list(ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs").build())
                .forEachRemaining(r -> r.getInfoList().forEach(info -> names.add(info.getName())));
        return names;
    }

    @Test
    void aContainersChangesBecomeALayerOfTheCommittedImage() throws Exception {
        String container = UUID.randomUUID().toString().replace("-", "") + "0".repeat(32);
        Path rootfs = mount(prepare(container, busybox.chainId()));
        try {
            Files.writeString(rootfs.resolve("state.txt"), "saved\n");
            Files.delete(rootfs.resolve("etc/group"));
        } finally {
            unmount(rootfs);
        }

        Image committed = images.commit(new CommitRequest(busybox.id(), container, containerConfig(container), null,
                List.of("CMD [\"cat\",\"/state.txt\"]"), "Ann <ann@example.com>", "saved state", "acc/committed", "v1"));

        // the image: two layers, the new Cmd, the comment in its history
        assertEquals(2, committed.diffIds().size(), committed.diffIds().toString());
        assertEquals(busybox.diffIds().getFirst(), committed.diffIds().getFirst());
        assertEquals("[\"cat\",\"/state.txt\"]", committed.config().get("Cmd").toString());
        assertEquals("[\"PATH=/bin\"]", committed.config().get("Env").toString());
        assertEquals(List.of("acc/committed:v1"), committed.repoTags());
        assertEquals("saved state", committed.comment());
        assertEquals("Ann <ann@example.com>", committed.author());
        assertTrue(committed.size() > busybox.size(), committed.size() + " <= " + busybox.size());
        assertEquals(committed.id(), images.inspect("acc/committed:v1").id());
        JsonNode document = configDocument(committed);
        assertEquals(container, document.get("container").asText());
        JsonNode history = document.get("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals("imported", history.get(0).get("comment").asText());
        assertEquals("saved state", history.get(1).get("comment").asText());
        assertEquals("sh -c echo saved > /state.txt; rm /etc/group", history.get(1).get("created_by").asText());
        assertEquals(committed.diffIds(), List.of(document.get("rootfs").get("diff_ids").get(0).asText(),
                document.get("rootfs").get("diff_ids").get(1).asText()));

        // the new layer is unpacked under the new chain id; nothing of the commit is left behind
        String chainId = ChainId.of(committed.diffIds().stream().map(Digest::parse).toList()).toString();
        assertEquals(chainId, committed.chainId());
        clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(chainId).build());
        assertFalse(snapshotNames().stream().anyMatch(n -> n.startsWith("commit-view-")), snapshotNames().toString());
        assertEquals(0, clients.content().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());

        // a container of the new image sees the committed filesystem
        String next = UUID.randomUUID().toString().replace("-", "") + "1".repeat(32);
        Path nextRootfs = mount(prepare(next, chainId));
        try {
            assertEquals("saved\n", Files.readString(nextRootfs.resolve("state.txt")));
            assertFalse(Files.exists(nextRootfs.resolve("etc/group")), "the deletion is part of the layer");
            assertTrue(Files.exists(nextRootfs.resolve("etc/passwd")));
            assertTrue(Files.isExecutable(nextRootfs.resolve("bin/busybox")));
        } finally {
            unmount(nextRootfs);
            removeSnapshot(next);
            removeSnapshot(container);
        }
    }

    @Test
    void aCommitOfNoChangesAddsNoLayerAndWithoutRepoIsDangling() throws Exception {
        String container = UUID.randomUUID().toString().replace("-", "") + "2".repeat(32);
        prepare(container, busybox.chainId());
        try {
            Image committed = images.commit(new CommitRequest(busybox.id(), container, containerConfig(container), null,
                    List.of(), "", "", "", ""));
            assertEquals(busybox.diffIds(), committed.diffIds(), "an empty diff is no layer, as in Docker");
            assertEquals(busybox.chainId(), committed.chainId());
            assertEquals(List.of(), committed.repoTags());
            assertTrue(committed.config().get("Cmd").toString().contains("echo saved"), committed.config().toString());
            JsonNode history = configDocument(committed).get("history");
            assertTrue(history.get(history.size() - 1).get("empty_layer").asBoolean(), history.toString());
            assertTrue(images.list().stream().anyMatch(i -> i.id().equals(committed.id()) && i.repoTags().isEmpty()));
            assertFalse(snapshotNames().stream().anyMatch(n -> n.startsWith("commit-view-")), snapshotNames().toString());
        } finally {
            removeSnapshot(container);
        }
        assertEquals(CommittedConfig.EMPTY_LAYER_DIFF_ID, Digest.of(new byte[1024]), "an empty tar is two zero blocks");
    }

    @Test
    void aFailedCommitLeavesNoViewAndABadChangeIsRefusedFirst() throws Exception {
        int imagesBefore = images.list().size();
        DockerApiException noSnapshot = assertThrows(DockerApiException.class, () -> images.commit(new CommitRequest(
                busybox.id(), "f".repeat(64), containerConfig("f".repeat(64)), null, List.of(), "", "", "acc/never", "")));
        assertEquals(500, noSnapshot.status(), noSnapshot.getMessage());
        assertFalse(snapshotNames().stream().anyMatch(n -> n.startsWith("commit-view-")), snapshotNames().toString());

        DockerApiException badChange = assertThrows(DockerApiException.class, () -> images.commit(new CommitRequest(
                busybox.id(), "f".repeat(64), containerConfig("f".repeat(64)), null, List.of("RUN true"), "", "", "", "")));
        assertEquals(400, badChange.status());
        // image-spec's InvalidReferenceException, which the HTTP layer answers 400 with its message
        InvalidReferenceException badName = assertThrows(InvalidReferenceException.class, () -> images.commit(new CommitRequest(
                busybox.id(), "f".repeat(64), containerConfig("f".repeat(64)), null, List.of(), "", "", "Bad", "")));
        assertEquals("invalid reference format: repository name (library/Bad) must be lowercase", badName.getMessage());
        assertEquals(imagesBefore, images.list().size());
        assertEquals(0, clients.content().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());
    }
}
