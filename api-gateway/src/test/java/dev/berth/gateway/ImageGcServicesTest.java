package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.containerd.leases.v1.ListRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker rmi frees the disk: the gateway labels what it writes as containerd's clients do (the
 * manifest refers to config and layers, the config to the top snapshot) and deletes the last name
 * with sync, so the content store's garbage collection has removed the image's blobs and
 * snapshots when rmi answers, and /system/df shows it. Another image is left whole.
 */
class ImageGcServicesTest {
    static ImageGateway gateway;
    static StorageServices storage;
    static ServiceClients clients;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ImageGateway.start("bgc");
        storage = gateway.storage;
        clients = gateway.clients;
        socket = gateway.socket;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void removingTheLastNameFreesBlobsAndSnapshots() throws Exception {
        JsonNode kept = importImage("keep", BusyboxRootfs.tar());
        JsonNode dropped = importImage("drop", oneFileTar("data.bin", 3 << 20));
        String droppedLayer = dropped.get("RootFS").get("Layers").get(0).asText();
        String droppedConfig = dropped.get("Id").asText();
        assertTrue(blob(droppedConfig), "config blob stored");
        assertTrue(snapshotExists(droppedLayer));
        long layersBefore = diskUsage().get("LayersSize").asLong();
        assertTrue(layersBefore >= 3 << 20, "df counts the 3 MiB layer: " + layersBefore);
        // no lease is left behind by the imports
        assertEquals(0, clients.leases().list(ListRequest.getDefaultInstance()).getLeasesCount());

        // a second name keeps everything
        assertEquals(201, UnixHttp.call(socket, "POST", "/images/drop/tag?repo=drop2&tag=latest").status());
        assertEquals(200, UnixHttp.call(socket, "DELETE", "/images/drop:latest").status());
        assertTrue(blob(droppedConfig));
        assertTrue(snapshotExists(droppedLayer));

        UnixHttp.Response removed = UnixHttp.call(socket, "DELETE", "/images/drop2:latest");
        assertEquals(200, removed.status(), removed.text());
        assertFalse(blob(droppedConfig), "config blob freed");
        assertFalse(snapshotExists(droppedLayer), "layer snapshot removed");
        try (var files = Files.list(storage.dir.resolve("content/blobs/sha256"))) {
            long left = files.count();
            // busybox: config, manifest, layer
            assertEquals(3, left, "only the kept image's blobs stay");
        }
        long layersAfter = diskUsage().get("LayersSize").asLong();
        assertTrue(layersAfter <= layersBefore - (3 << 20), layersBefore + " -> " + layersAfter);

        // the other image is whole
        String keptLayer = kept.get("RootFS").get("Layers").get(0).asText();
        assertTrue(snapshotExists(keptLayer));
        assertTrue(blob(kept.get("Id").asText()));
        assertEquals(200, UnixHttp.call(socket, "GET", "/images/keep/json").status());
    }

    private static JsonNode importImage(String repo, byte[] tar) throws IOException {
        UnixHttp.Response imported = UnixHttp.call(socket, "POST", "/images/create?fromSrc=-&repo=" + repo + "&tag=latest", tar,
                Map.of("Content-Type", "application/x-tar"));
        assertEquals(200, imported.status(), imported.text());
        return Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/" + repo + ":latest/json").body());
    }

    private static JsonNode diskUsage() throws IOException {
        UnixHttp.Response df = UnixHttp.call(socket, "GET", "/v1.41/system/df");
        assertEquals(200, df.status(), df.text());
        return Json.MAPPER.readTree(df.body());
    }

    private static boolean blob(String digest) {
        return Files.exists(storage.dir.resolve("content/blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    private static boolean snapshotExists(String key) {
        try {
            clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(key).build());
            return true;
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getMessage());
            return false;
        }
    }

    private static byte[] oneFileTar(String name, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] data = name.repeat(size / name.length() + 1).getBytes(StandardCharsets.US_ASCII);
            tar.write(data, 0, size);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
