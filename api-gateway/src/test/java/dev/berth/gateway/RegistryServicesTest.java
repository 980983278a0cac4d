package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.registry.RegistryClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker push, pull and login through the gateway's HTTP API, against Debian's real docker-registry
 * on loopback (an open one and one with htpasswd auth) and the real content store and snapshotter.
 */
class RegistryServicesTest {
    static StorageServices storage;
    static LocalRegistry registry;
    static LocalRegistry authRegistry;
    static GatewayServer server;
    static ServiceClients clients;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        storage = StorageServices.start("bgw-dist");
        registry = LocalRegistry.open();
        authRegistry = LocalRegistry.withUser("acc-user", "acc-secret");
        Path state = storage.state;
        socket = state.resolve("berth.sock");
        GatewaySettings settings = new GatewaySettings(storage.dir.resolve("gw"), state, socket, "berth-shim", "runc",
                state.resolve("runc"), "berth");
        clients = new ServiceClients(storage.address("content"), storage.address("snapshotter"),
                storage.address("network"), "berth");
        server = GatewayServer.start(socket, settings, clients, new FakeContainers());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, clients::close, registry, authRegistry, storage}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception | Error ignored) {
                    // the others still close
                }
            }
        }
    }

    @Test
    void aManyLayeredImageIsPulledLayersSideBySideAndUnpackedInOrder() throws Exception {
        // five layers, loaded from an archive, pushed, removed and pulled back
        java.util.Random random = new java.util.Random(5);
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        StringBuilder diffIds = new StringBuilder();
        StringBuilder paths = new StringBuilder();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(archive)) {
            for (int i = 0; i < 5; i++) {
                java.io.ByteArrayOutputStream layer = new java.io.ByteArrayOutputStream();
                try (var inner = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(layer)) {
                    byte[] data = new byte[300_000 + i];
                    random.nextBytes(data);
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("layer" + i + ".bin");
                    entry.setSize(data.length);
                    inner.putArchiveEntry(entry);
                    inner.write(data);
                    inner.closeArchiveEntry();
                }
                byte[] layerTar = layer.toByteArray();
                diffIds.append(i == 0 ? "" : ",").append('"').append(Digest.of(layerTar)).append('"');
                paths.append(i == 0 ? "" : ",").append("\"l").append(i).append("/layer.tar\"");
                put(tar, "l" + i + "/layer.tar", layerTar);
            }
            put(tar, "config.json", ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8));
            put(tar, "manifest.json", ("[{\"Config\":\"config.json\",\"RepoTags\":[\"acc/five:1\"],\"Layers\":[" + paths + "]}]")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(200, call("POST", "/images/load", archive.toByteArray(), Map.of("Content-Type", "application/x-tar")).status());
        String id = inspect("acc/five:1").get("Id").asText();
        String repo = registry.host + "/acc/five";
        assertEquals(201, call("POST", "/images/acc/five:1/tag?repo=" + repo + "&tag=1", null, Map.of()).status());
        List<String> pushed = statuses(messages(call("POST", "/images/" + repo + "/push?tag=1", null, Map.of())));
        assertEquals(5, pushed.stream().filter("Pushed"::equals).count(), pushed.toString());
        assertEquals(200, call("DELETE", "/images/" + id + "?force=1", null, Map.of()).status());

        List<String> pulled = statuses(messages(call("POST", "/images/create?fromImage=" + repo + "&tag=1", null, Map.of())));
        assertEquals(5, pulled.stream().filter("Download complete"::equals).count(), pulled.toString());
        assertEquals(5, pulled.stream().filter("Pull complete"::equals).count(), pulled.toString());
        assertEquals("Status: Downloaded newer image for " + repo + ":1", pulled.getLast());
        JsonNode back = inspect(repo + ":1");
        assertEquals(id, back.get("Id").asText());
        assertEquals(5, back.get("RootFS").get("Layers").size());
        // every layer unpacked under its chain id, on its parent
        List<Digest> layers = new java.util.ArrayList<>();
        back.get("RootFS").get("Layers").forEach(l -> layers.add(Digest.parse(l.asText())));
        String parent = "";
        for (Digest chain : dev.berth.image.ChainId.chain(layers)) {
            var info = clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
                    .setKey(chain.toString()).build()).getInfo();
            assertEquals(parent, info.getParent());
            parent = chain.toString();
        }
    }

    private static void put(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar, String name, byte[] data)
            throws java.io.IOException {
        var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void aRegistryServingALayerThatIsNotItsDigestFailsThePullAndStoresNothing() throws Exception {
        java.util.Random random = new java.util.Random(7);
        byte[] data = new byte[200_000];
        random.nextBytes(data);
        java.io.ByteArrayOutputStream layer = new java.io.ByteArrayOutputStream();
        try (var inner = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(layer)) {
            put(inner, "lying.bin", data);
        }
        byte[] layerTar = layer.toByteArray();
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(archive)) {
            put(tar, "l/layer.tar", layerTar);
            put(tar, "config.json", ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[\"" + Digest.of(layerTar) + "\"]}}").getBytes(StandardCharsets.UTF_8));
            put(tar, "manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"acc/lying:1\"],\"Layers\":[\"l/layer.tar\"]}]"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(200, call("POST", "/images/load", archive.toByteArray(), Map.of("Content-Type", "application/x-tar")).status());
        String id = inspect("acc/lying:1").get("Id").asText();
        String repo = registry.host + "/acc/lying";
        assertEquals(201, call("POST", "/images/acc/lying:1/tag?repo=" + repo + "&tag=1", null, Map.of()).status());
        List<JsonNode> pushed = messages(call("POST", "/images/" + repo + "/push?tag=1", null, Map.of()));
        assertTrue(statuses(pushed).contains("Pushed"), pushed.toString());
        JsonNode manifest;
        try (RegistryClient registries = RegistryClient.builder().build()) {
            manifest = Json.MAPPER.readTree(registries.repository(ImageReference.parse(repo)).manifests().get("1").content());
        }
        String layerDigest = manifest.get("layers").get(0).get("digest").asText();
        assertEquals(200, call("DELETE", "/images/" + id + "?force=1", null, Map.of()).status());

        // the registry now serves other bytes, of the same length, under the layer's digest
        Path blob = registry.storage().resolve("docker/registry/v2/blobs/sha256/" + layerDigest.substring(7, 9) + "/"
                + layerDigest.substring(7) + "/data");
        byte[] served = Files.readAllBytes(blob);
        served[served.length / 2] ^= 0x55;
        Files.write(blob, served);

        List<JsonNode> pulled = messages(call("POST", "/images/create?fromImage=" + repo + "&tag=1", null, Map.of()));
        JsonNode error = pulled.getLast();
        assertTrue(error.has("error") && error.has("errorDetail"), "the pull fails: " + pulled);
        assertTrue(error.get("error").asText().contains(layerDigest), error.toString());
        assertEquals(404, call("GET", "/images/" + repo + ":1/json", null, Map.of()).status(), "no image");
        StatusRuntimeException absent = assertThrows(StatusRuntimeException.class, () -> clients.content()
                .info(dev.berth.api.containerd.content.v1.InfoRequest.newBuilder().setDigest(layerDigest).build()));
        assertEquals(Status.Code.NOT_FOUND, absent.getStatus().getCode(), "no blob of the lying layer");
        assertEquals(0, clients.content().listStatuses(dev.berth.api.containerd.content.v1.ListStatusesRequest.getDefaultInstance())
                .getStatusesCount(), "no ingest left behind");
        StatusRuntimeException noSnapshot = assertThrows(StatusRuntimeException.class, () -> clients.snapshots().stat(
                StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(Digest.of(layerTar).toString()).build()));
        assertEquals(Status.Code.NOT_FOUND, noSnapshot.getStatus().getCode(), "no snapshot of it");
    }

    @Test
    void pushedImageIsPulledBackWithTheSameId() throws Exception {
        String id = ensureBusybox();
        String repo = registry.host + "/acc/bb";
        assertEquals(201, call("POST", "/images/busybox/tag?repo=" + repo + "&tag=1.0", null, Map.of()).status());

        List<JsonNode> pushed = messages(call("POST", "/v1.41/images/" + repo + "/push?tag=1.0", null, auth("{}")));
        assertEquals("The push refers to repository [" + repo + "]", pushed.getFirst().get("status").asText());
        assertTrue(statuses(pushed).contains("Preparing") && statuses(pushed).contains("Pushed"), pushed.toString());
        JsonNode aux = pushed.stream().filter(m -> m.has("aux")).findFirst().orElseThrow().get("aux");
        String digest = aux.get("Digest").asText();
        assertEquals("1.0", aux.get("Tag").asText());
        assertTrue(statuses(pushed).contains("1.0: digest: " + digest + " size: " + aux.get("Size").asInt()), pushed.toString());
        assertTrue(registry.get("/v2/acc/bb/tags/list").contains("\"1.0\""));
        JsonNode inspected = inspect(repo + ":1.0");
        assertTrue(inspected.get("RepoDigests").toString().contains("\"" + repo + "@" + digest + "\""), inspected.toString());

        // a second push finds the layer there
        assertTrue(statuses(messages(call("POST", "/images/" + repo + "/push?tag=1.0", null, Map.of())))
                .contains("Layer already exists"));

        // another repository of the registry: the layer is mounted from the one it was pushed to
        assertEquals(201, call("POST", "/images/" + repo + ":1.0/tag?repo=" + registry.host + "/acc/other&tag=1", null, Map.of()).status());
        List<String> mounted = statuses(messages(call("POST", "/images/" + registry.host + "/acc/other/push?tag=1", null, Map.of())));
        assertTrue(mounted.contains("Mounted from acc/bb"), mounted.toString());

        // gone locally with every name of it, so its layer is collected, then pulled back
        assertEquals(200, call("DELETE", "/images/" + id + "?force=1", null, Map.of()).status());
        assertEquals(404, call("GET", "/images/" + repo + ":1.0/json", null, Map.of()).status());
        List<JsonNode> pulled = messages(call("POST", "/v1.41/images/create?fromImage=" + repo + "&tag=1.0", null, auth("{}")));
        assertEquals("Pulling from acc/bb", pulled.getFirst().get("status").asText());
        assertEquals("1.0", pulled.getFirst().get("id").asText());
        List<String> steps = statuses(pulled);
        assertTrue(steps.containsAll(List.of("Pulling fs layer", "Download complete", "Pull complete")), steps.toString());
        assertTrue(steps.contains("Digest: " + digest), steps.toString());
        assertEquals("Status: Downloaded newer image for " + repo + ":1.0", steps.getLast());

        JsonNode back = inspect(repo + ":1.0");
        assertEquals(id, back.get("Id").asText());
        assertEquals("[\"" + repo + "@" + digest + "\"]", back.get("RepoDigests").toString());
        String diffId = back.get("RootFS").get("Layers").get(0).asText();
        clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(diffId).build());

        assertEquals("Status: Image is up to date for " + repo + ":1.0",
                statuses(messages(call("POST", "/images/create?fromImage=" + repo + "&tag=1.0", null, Map.of()))).getLast());
        // by digest
        assertEquals(id, inspect(repo + "@" + digest).get("Id").asText());

        // an index: the host's entry is pulled, the name points at the index, its digest is the repo digest
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + aux.get("Size").asInt() + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + aux.get("Size").asInt() + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        byte[] indexBytes = index.getBytes(StandardCharsets.UTF_8);
        try (RegistryClient registries = RegistryClient.builder().build()) {
            registries.repository(ImageReference.parse(repo)).manifests().put("multi", indexBytes, MediaTypes.OCI_INDEX);
        }
        List<String> multi = statuses(messages(call("POST", "/images/create?fromImage=" + repo + "&tag=multi", null, Map.of())));
        assertTrue(multi.contains("Digest: " + Digest.of(indexBytes)), multi.toString());
        JsonNode fromIndex = inspect(repo + ":multi");
        assertEquals(id, fromIndex.get("Id").asText());
        assertTrue(fromIndex.get("RepoDigests").toString().contains(repo + "@" + Digest.of(indexBytes)), fromIndex.toString());
        List<String> pushedAgain = statuses(messages(call("POST", "/images/" + repo + "/push?tag=multi", null, Map.of())));
        assertTrue(pushedAgain.contains("multi: digest: " + digest + " size: " + aux.get("Size").asInt()), pushedAgain.toString());

        UnixHttp.Response missing = call("POST", "/images/create?fromImage=" + repo + "&tag=nope", null, Map.of());
        assertEquals(404, missing.status());
        assertEquals("manifest for " + repo + ":nope not found: manifest unknown: manifest unknown", message(missing));
        UnixHttp.Response noTag = call("POST", "/images/" + repo + "/push?tag=nope", null, Map.of());
        assertEquals("tag does not exist: " + repo + ":nope", messages(noTag).getLast().get("error").asText());

        // Docker's image events: push and pull name the reference
        String events = call("GET", "/events?since=0&until=" + (System.currentTimeMillis() / 1000 + 1)
                + "&filters=%7B%22type%22%3A%5B%22image%22%5D%7D", null, Map.of()).text();
        assertTrue(events.contains("\"Action\":\"push\",\"Actor\":{\"ID\":\"" + repo + ":1.0\""), events);
        assertTrue(events.contains("\"Action\":\"pull\",\"Actor\":{\"ID\":\"" + repo + ":1.0\""), events);
    }

    @Test
    void loginAndPushToARegistryWithBasicAuth() throws Exception {
        ensureBusybox();
        String repo = authRegistry.host + "/acc/private";
        assertEquals(201, call("POST", "/images/busybox/tag?repo=" + repo + "&tag=1", null, Map.of()).status());

        List<JsonNode> refused = messages(call("POST", "/images/" + repo + "/push?tag=1", null, Map.of()));
        assertEquals("no basic auth credentials", refused.getLast().get("error").asText(), refused.toString());
        assertEquals("no basic auth credentials", refused.getLast().get("errorDetail").get("message").asText());

        UnixHttp.Response wrong = call("POST", "/auth", login("acc-wrong"), Map.of("Content-Type", "application/json"));
        assertEquals(401, wrong.status());
        assertEquals("login attempt to http://" + authRegistry.host + "/v2/ failed with status: 401 Unauthorized", message(wrong));
        UnixHttp.Response right = call("POST", "/v1.41/auth", login("acc-secret"), Map.of("Content-Type", "application/json"));
        assertEquals(200, right.status(), right.text());
        assertEquals("{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}", right.text().strip());

        Map<String, String> credentials = auth(new String(login("acc-secret"), StandardCharsets.UTF_8));
        List<JsonNode> pushed = messages(call("POST", "/images/" + repo + "/push?tag=1", null, credentials));
        assertFalse(pushed.stream().anyMatch(m -> m.has("error")), pushed.toString());
        assertTrue(statuses(pushed).stream().anyMatch(s -> s.startsWith("1: digest: sha256:")), pushed.toString());

        UnixHttp.Response anonymous = call("POST", "/images/create?fromImage=" + repo + "&tag=1", null, Map.of());
        assertEquals(500, anonymous.status());
        assertEquals("Head \"http://" + authRegistry.host + "/v2/acc/private/manifests/1\": no basic auth credentials", message(anonymous));
        assertEquals(200, call("DELETE", "/images/" + repo + ":1", null, Map.of()).status());
        List<JsonNode> pulled = messages(call("POST", "/images/create?fromImage=" + repo + "&tag=1", null, credentials));
        assertEquals("Status: Downloaded newer image for " + repo + ":1", statuses(pulled).getLast(), pulled.toString());
    }

    private static byte[] login(String password) {
        return ("{\"username\":\"acc-user\",\"password\":\"" + password + "\",\"serveraddress\":\"" + authRegistry.host + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** X-Registry-Auth as the docker CLI sends it: base64url of the JSON. */
    private static Map<String, String> auth(String json) {
        return Map.of("X-Registry-Auth", Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String ensureBusybox() throws IOException {
        UnixHttp.Response existing = call("GET", "/images/busybox:latest/json", null, Map.of());
        if (existing.status() == 200) {
            return Json.MAPPER.readTree(existing.body()).get("Id").asText();
        }
        UnixHttp.Response imported = call("POST", "/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22%2Fbin%2Fsh%22%5D",
                BusyboxRootfs.tar(), Map.of("Content-Type", "application/x-tar"));
        assertEquals(200, imported.status(), imported.text());
        return inspect("busybox:latest").get("Id").asText();
    }

    private static JsonNode inspect(String name) throws IOException {
        UnixHttp.Response response = call("GET", "/images/" + name + "/json", null, Map.of());
        assertEquals(200, response.status(), response.text());
        return Json.MAPPER.readTree(response.body());
    }

    private static UnixHttp.Response call(String method, String path, byte[] body, Map<String, String> headers) throws IOException {
        return UnixHttp.call(socket, method, path, body, headers);
    }

    private static String message(UnixHttp.Response response) throws IOException {
        return Json.MAPPER.readTree(response.body()).get("message").asText();
    }

    private static List<JsonNode> messages(UnixHttp.Response response) {
        assertEquals(200, response.status(), response.text());
        return response.text().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<String> statuses(List<JsonNode> messages) {
        return messages.stream().filter(m -> m.has("status")).map(m -> m.get("status").asText()).toList();
    }
}
