package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /volumes API over the real server: Docker's JSON, status codes and words. */
class VolumesHttpTest {
    @TempDir
    static Path dir;
    static GatewayServer server;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        socket = dir.resolve("v.sock");
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc", dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, new FakeContainers(), new FakeImages());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UnixHttp.Response call(String method, String path, String body) throws Exception {
        return UnixHttp.call(socket, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    private static JsonNode json(UnixHttp.Response response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static String filters(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void createInspectListAndRemoveInDockersShapes() throws Exception {
        UnixHttp.Response created = call("POST", "/v1.41/volumes/create",
                "{\"Name\":\"web-data\",\"Driver\":\"local\",\"DriverOpts\":{},\"Labels\":{\"team\":\"a\"}}");
        assertEquals(201, created.status(), created.text());
        JsonNode volume = json(created);
        assertEquals("web-data", volume.path("Name").asText());
        assertEquals("local", volume.path("Driver").asText());
        assertEquals("local", volume.path("Scope").asText());
        assertEquals("a", volume.path("Labels").path("team").asText());
        assertTrue(volume.path("Options").isObject());
        assertTrue(volume.path("CreatedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), volume.toString());
        Path mountpoint = Path.of(volume.path("Mountpoint").asText());
        assertEquals(dir.resolve("root/volumes/web-data/_data"), mountpoint);
        assertTrue(Files.isDirectory(mountpoint));

        // the same name again is the same volume
        assertEquals(volume.path("CreatedAt"), json(call("POST", "/volumes/create", "{\"Name\":\"web-data\"}")).path("CreatedAt"));
        assertEquals(volume, json(call("GET", "/v1.41/volumes/web-data", null)));

        JsonNode list = json(call("GET", "/volumes?filters=" + filters("{\"label\":[\"team=a\"],\"dangling\":[\"true\"]}"), null));
        assertEquals(1, list.path("Volumes").size());
        assertTrue(list.path("Warnings").isNull());
        assertEquals(0, json(call("GET", "/volumes?filters=" + filters("{\"dangling\":[\"false\"]}"), null)).path("Volumes").size());
        assertEquals(0, json(call("GET", "/volumes?filters=" + filters("{\"name\":[\"nomatch\"]}"), null)).path("Volumes").size());
        assertEquals(400, call("GET", "/volumes?filters=" + filters("{\"colour\":[\"red\"]}"), null).status());

        assertEquals(204, call("DELETE", "/v1.41/volumes/web-data", null).status());
        UnixHttp.Response gone = call("DELETE", "/v1.41/volumes/web-data", null);
        assertEquals(404, gone.status());
        assertEquals("get web-data: no such volume", json(gone).path("message").asText());
        assertEquals(204, call("DELETE", "/v1.41/volumes/web-data?force=1", null).status());
        assertEquals(404, call("GET", "/v1.41/volumes/web-data", null).status());
        assertTrue(!Files.exists(mountpoint.getParent()));
    }

    @Test
    void anEmptyNameIsGeneratedAndBadNamesDriversAndOptionsAreRefused() throws Exception {
        JsonNode generated = json(call("POST", "/volumes/create", "{}"));
        assertTrue(generated.path("Name").asText().matches("[0-9a-f]{64}"), generated.toString());
        UnixHttp.Response badName = call("POST", "/volumes/create", "{\"Name\":\"a b\"}");
        assertEquals(400, badName.status());
        assertEquals("create a b: \"a b\" includes invalid characters for a local volume name, only "
                + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                json(badName).path("message").asText());
        UnixHttp.Response plugin = call("POST", "/volumes/create", "{\"Name\":\"nfsvol\",\"Driver\":\"nfs\"}");
        assertEquals(404, plugin.status());
        assertEquals("create nfsvol: error looking up volume plugin nfs: plugin \"nfs\" not found", json(plugin).path("message").asText());
        UnixHttp.Response option = call("POST", "/volumes/create", "{\"Name\":\"optvol\",\"DriverOpts\":{\"colour\":\"red\"}}");
        assertEquals(400, option.status());
        assertEquals("create optvol: invalid option: \"colour\"", json(option).path("message").asText());
        assertEquals(400, call("POST", "/volumes/create", "{\"Name\":\"nodev\",\"DriverOpts\":{\"type\":\"tmpfs\"}}").status());
        assertEquals(404, call("GET", "/volumes/optvol", null).status(), "a refused create leaves nothing");
        call("DELETE", "/volumes/" + generated.path("Name").asText(), null);
    }

    @Test
    void pruneRemovesUnusedVolumesMatchingItsLabelFilters() throws Exception {
        call("POST", "/volumes/create", "{\"Name\":\"p-keep\",\"Labels\":{\"keep\":\"yes\"}}");
        call("POST", "/volumes/create", "{\"Name\":\"p-go\"}");
        Files.writeString(dir.resolve("root/volumes/p-go/_data/f"), "12345");
        JsonNode pruned = json(call("POST", "/v1.41/volumes/prune?filters=" + filters("{\"label!\":[\"keep=yes\"]}"), null));
        assertTrue(pruned.path("VolumesDeleted").toString().contains("p-go"), pruned.toString());
        assertTrue(!pruned.path("VolumesDeleted").toString().contains("p-keep"), pruned.toString());
        assertTrue(pruned.path("SpaceReclaimed").asLong() >= 5, pruned.toString());
        assertEquals(200, call("GET", "/volumes/p-keep", null).status());
        assertEquals(400, call("POST", "/volumes/prune?filters=" + filters("{\"all\":[\"true\"]}"), null).status());
        call("DELETE", "/volumes/p-keep", null);
    }
}
