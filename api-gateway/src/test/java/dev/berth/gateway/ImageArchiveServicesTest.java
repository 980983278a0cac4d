package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker save and docker load against the real content store and snapshotter: the archive has
 * Docker's manifest.json and an OCI index, and loading it back gives the same image id; archives
 * that lie or reach outside themselves are refused without writing anything outside.
 */
class ImageArchiveServicesTest {
    static ImageGateway gateway;
    static StorageServices storage;
    static ServiceClients clients;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ImageGateway.start("bsl");
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
    void savedImageLoadsBackWithItsIdAndTag() throws Exception {
        UnixHttp.Response imported = UnixHttp.call(socket, "POST", "/images/create?fromSrc=-&repo=acc-saved&tag=1",
                BusyboxRootfs.tar(), Map.of("Content-Type", "application/x-tar"));
        assertEquals(200, imported.status(), imported.text());
        String id = inspect("acc-saved:1").get("Id").asText();

        UnixHttp.Response saved = UnixHttp.call(socket, "GET", "/v1.41/images/acc-saved:1/get");
        assertEquals(200, saved.status(), saved.text());
        Map<String, byte[]> entries = entries(saved.body());
        assertTrue(entries.containsKey("manifest.json"), entries.keySet().toString());
        assertTrue(entries.containsKey("index.json") && entries.containsKey("oci-layout"), entries.keySet().toString());
        JsonNode manifest = Json.MAPPER.readTree(entries.get("manifest.json"));
        assertEquals("acc-saved:1", manifest.get(0).get("RepoTags").get(0).asText());
        assertEquals("blobs/sha256/" + id.substring(7), manifest.get(0).get("Config").asText());
        assertTrue(entries.containsKey(manifest.get(0).get("Layers").get(0).asText()));
        assertEquals("docker.io/library/acc-saved:1", Json.MAPPER.readTree(entries.get("index.json"))
                .get("manifests").get(0).get("annotations").get("io.containerd.image.name").asText());

        assertEquals(200, UnixHttp.call(socket, "DELETE", "/images/acc-saved:1").status());
        assertEquals(404, UnixHttp.call(socket, "GET", "/images/acc-saved:1/json").status());

        UnixHttp.Response loaded = UnixHttp.call(socket, "POST", "/images/load?quiet=0", saved.body(),
                Map.of("Content-Type", "application/x-tar"));
        assertEquals(200, loaded.status(), loaded.text());
        assertEquals("Loaded image: acc-saved:1\n", Json.MAPPER.readTree(loaded.text().lines().findFirst().orElseThrow())
                .get("stream").asText());
        assertEquals(id, inspect("acc-saved:1").get("Id").asText(), "the image id survives save and load");

        // GET /images/get?names= with an id: the image, untagged
        UnixHttp.Response byId = UnixHttp.call(socket, "GET", "/images/get?names=" + id.substring(7, 19));
        assertEquals(200, byId.status());
        assertEquals(0, Json.MAPPER.readTree(entries(byId.body()).get("manifest.json")).get(0).get("RepoTags").size());
        assertEquals(404, UnixHttp.call(socket, "GET", "/images/get?names=no-such-image").status());
    }

    @Test
    void archivesThatLieOrEscapeAreRefused() throws Exception {
        // a config whose diff id does not match the layer
        Map<String, byte[]> lying = new LinkedHashMap<>();
        lying.put("config.json", ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
                + "[\"sha256:" + "0".repeat(64) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        lying.put("layer/layer.tar", BusyboxRootfs.tar());
        lying.put("manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"acc-lie:1\"],\"Layers\":[\"layer/layer.tar\"]}]"
                .getBytes(StandardCharsets.UTF_8));
        UnixHttp.Response refused = UnixHttp.call(socket, "POST", "/images/load", tar(lying), Map.of("Content-Type", "application/x-tar"));
        assertEquals(400, refused.status(), refused.text());
        assertTrue(refused.text().contains("invalid diffID"), refused.text());
        assertEquals(404, UnixHttp.call(socket, "GET", "/images/acc-lie:1/json").status());

        // names that climb out of the archive stay inside it: ../../x is x, and nothing is written outside
        Path outside = storage.dir.resolve("escaped");
        Map<String, byte[]> climbing = new LinkedHashMap<>();
        climbing.put("../../../../" + outside.toString().substring(1), "x".getBytes(StandardCharsets.UTF_8));
        climbing.put("manifest.json", "[{\"Config\":\"../../../../etc/passwd\",\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8));
        UnixHttp.Response escaped = UnixHttp.call(socket, "POST", "/images/load", tar(climbing), Map.of("Content-Type", "application/x-tar"));
        assertEquals(400, escaped.status(), escaped.text());
        assertFalse(Files.exists(outside));

        UnixHttp.Response notTar = UnixHttp.call(socket, "POST", "/images/load", "hello".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-tar"));
        assertEquals(400, notTar.status(), notTar.text());
        // the spool is gone after each load
        try (var left = Files.list(storage.dir.resolve("gw/tmp"))) {
            assertEquals(0, left.count());
        }
    }

    private static JsonNode inspect(String name) throws IOException {
        UnixHttp.Response response = UnixHttp.call(socket, "GET", "/images/" + name + "/json");
        assertEquals(200, response.status(), response.text());
        return Json.MAPPER.readTree(response.body());
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.isFile()) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
