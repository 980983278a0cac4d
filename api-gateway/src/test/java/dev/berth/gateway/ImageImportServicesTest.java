package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker import against the real content store and snapshotter, launched as processes from their
 * built jars, with the gateway's own ContentImageService (containers are faked: not used here).
 */
class ImageImportServicesTest {
    static ImageGateway gateway;
    static StorageServices storage;
    static ServiceClients clients;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ImageGateway.start("bgw");
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

    static UnixHttp.Response post(String path, byte[] body) throws IOException {
        return UnixHttp.call(socket, "POST", path, body, Map.of("Content-Type", "application/x-tar"));
    }

    @Test
    void importedImageIsListedInspectedUnpackedAndTaggable() throws Exception {
        byte[] tar = BusyboxRootfs.tar();
        UnixHttp.Response imported = post("/v1.41/images/create?fromSrc=-&repo=busybox&tag=latest"
                // a change with a comma stays one change
                + "&changes=" + java.net.URLEncoder.encode("CMD [\"/bin/sh\",\"-c\",\"echo a,b\"]", StandardCharsets.UTF_8)
                + "&changes=" + java.net.URLEncoder.encode("ENV PATH=/bin", StandardCharsets.UTF_8)
                + "&changes=" + java.net.URLEncoder.encode("WORKDIR /tmp", StandardCharsets.UTF_8)
                + "&message=hello", tar);
        assertEquals(200, imported.status(), imported.text());
        String status = Json.MAPPER.readTree(imported.text().strip().lines().reduce((a, b) -> b).orElseThrow()).get("status").asText();
        assertTrue(status.matches("sha256:[0-9a-f]{64}"), status);

        JsonNode list = Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/json").body());
        assertEquals(1, list.size());
        assertEquals(status, list.get(0).get("Id").asText());
        assertEquals("busybox:latest", list.get(0).get("RepoTags").get(0).asText());
        assertTrue(list.get(0).get("Size").asLong() > 0);

        JsonNode image = Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/v1.41/images/busybox/json").body());
        assertEquals(status, image.get("Id").asText());
        assertEquals("[\"/bin/sh\",\"-c\",\"echo a,b\"]", image.get("Config").get("Cmd").toString());
        assertEquals("[\"PATH=/bin\"]", image.get("Config").get("Env").toString());
        assertEquals("/tmp", image.get("Config").get("WorkingDir").asText());
        assertEquals("hello", image.get("Comment").asText());
        String diffId = image.get("RootFS").get("Layers").get(0).asText();
        // one layer: its chain id is its diff id, and it is unpacked as a committed snapshot
        clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(diffId).build());
        assertEquals(status, Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/" + status.substring(7, 19) + "/json").body())
                .get("Id").asText());

        // the same rootfs gzipped: the same diff id, so the snapshot is shared
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        UnixHttp.Response gzipped = post("/images/create?fromSrc=-&repo=acc/gz&tag=1", gz.toByteArray());
        assertEquals(200, gzipped.status(), gzipped.text());
        JsonNode gzImage = Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/acc/gz:1/json").body());
        assertEquals(diffId, gzImage.get("RootFS").get("Layers").get(0).asText());

        assertEquals(201, UnixHttp.call(socket, "POST", "/images/busybox/tag?repo=acc/bb&tag=1.0").status());
        JsonNode tagged = Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/acc/bb:1.0/json").body());
        assertEquals(status, tagged.get("Id").asText());
        assertEquals(2, tagged.get("RepoTags").size());
        JsonNode removed = Json.MAPPER.readTree(UnixHttp.call(socket, "DELETE", "/images/acc/bb:1.0").body());
        assertEquals("acc/bb:1.0", removed.get(0).get("Untagged").asText());
        assertEquals(404, UnixHttp.call(socket, "GET", "/images/acc/bb:1.0/json").status());
        assertEquals(200, UnixHttp.call(socket, "GET", "/images/busybox:latest/json").status());

        // the image events, as GET /events gives them back (kept ones, until now)
        long now = System.currentTimeMillis() / 1000 + 1;
        String events = UnixHttp.call(socket, "GET", "/events?since=0&until=" + now
                + "&filters=" + java.net.URLEncoder.encode("{\"type\":[\"image\"]}", StandardCharsets.UTF_8)).text();
        List<String> actions = events.lines().filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        JsonNode e = Json.MAPPER.readTree(l);
                        return e.get("Action").asText() + " " + e.get("Actor").get("Attributes").get("name").asText();
                    } catch (java.io.IOException ex) {
                        throw new AssertionError(l, ex);
                    }
                })
                .toList();
        assertEquals(List.of("import busybox:latest", "import acc/gz:1", "tag acc/bb:1.0", "untag acc/bb:1.0"), actions);

        // bad input: not a tar, a bad change, a bad reference; none leaves an ingest behind
        UnixHttp.Response notTar = post("/images/create?fromSrc=-&repo=bad", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notTar.status(), notTar.text());
        UnixHttp.Response badChange = post("/images/create?fromSrc=-&repo=bad&changes=FROB%20x", tar);
        assertEquals(400, badChange.status());
        assertEquals("FROB is not a valid change command", Json.MAPPER.readTree(badChange.body()).get("message").asText());
        UnixHttp.Response badRef = post("/images/create?fromSrc=-&repo=Bad", tar);
        assertEquals(400, badRef.status());
        assertEquals(0, clients.content().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());
        assertEquals(2, Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/json").body()).size());
    }
}
