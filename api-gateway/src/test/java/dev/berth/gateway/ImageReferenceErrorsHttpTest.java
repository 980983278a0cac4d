package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint a reference comes in through answers an invalid one with Docker's 400 and words
 * (image-spec's InvalidReferenceException, mapped once in ErrorResponses), and a valid missing one
 * with 404 "No such image".
 */
class ImageReferenceErrorsHttpTest {
    static final String LOWERCASE = "invalid reference format: repository name (library/BusyBox) must be lowercase";
    @TempDir
    static Path dir;
    static GatewayServer server;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        socket = dir.resolve("b.sock");
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc", dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, new FakeContainers(), new FakeImages());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static UnixHttp.Response call(String method, String path) throws Exception {
        return UnixHttp.call(socket, method, path);
    }

    static void assertError(int status, String message, UnixHttp.Response response) throws Exception {
        assertEquals(status, response.status(), response.text());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals(message, body.get("message").asText(), response.text());
    }

    @Test
    void tagToAnUppercaseNameIsDockers400() throws Exception {
        assertError(400, LOWERCASE, call("POST", "/v1.41/images/busybox/tag?repo=BusyBox"));
        assertError(400, "invalid reference format", call("POST", "/images/busybox/tag?repo=acc/bb&tag=no%20good"));
        assertError(400, "refusing to create a tag with a digest reference",
                call("POST", "/images/busybox/tag?repo=acc/bb@sha256:" + "ab".repeat(32)));
        // the source is looked up first, as moby's TagImage does
        assertError(404, "No such image: nosuch", call("POST", "/images/nosuch/tag?repo=BusyBox"));
        assertError(400, LOWERCASE, call("POST", "/images/BusyBox/tag?repo=acc/bb"));
    }

    @Test
    void inspectIs404OnlyForValidNames() throws Exception {
        assertError(404, "No such image: acc/nosuch:1", call("GET", "/images/acc/nosuch:1/json"));
        assertError(400, LOWERCASE, call("GET", "/v1.41/images/BusyBox/json"));
        assertError(400, "invalid reference format", call("GET", "/images/busy%20box/json"));
        assertError(400, "invalid reference format", call("GET", "/images/x%3A%3A/json"));
        // a full or short id is an id, never an invalid name
        assertError(404, "No such image: " + "fb".repeat(32), call("GET", "/images/" + "fb".repeat(32) + "/json"));
    }

    @Test
    void dotSegmentsAreRedirectedAsDockersRouterDoes() throws Exception {
        // Docker 20.10: gorilla/mux answers 301 to the cleaned path, which is no route: the docker CLI
        // then reports "No such image: ../../etc/passwd"
        UnixHttp.Response moved = call("GET", "/v1.41/images/../../etc/passwd/json");
        assertEquals(301, moved.status(), moved.text());
        assertEquals("/etc/passwd/json", moved.header("Location"));
        assertError(404, "page not found", call("GET", "/etc/passwd/json"));
        UnixHttp.Response encoded = call("GET", "/v1.41/images/..%2F..%2Fetc%2Fpasswd/json");
        assertEquals(301, encoded.status(), encoded.text());
        assertEquals("/etc/passwd/json", encoded.header("Location"));
    }

    @Test
    void rmiHistorySaveAndCreateAre400ForInvalidNames() throws Exception {
        assertError(400, LOWERCASE, call("DELETE", "/images/BusyBox"));
        assertError(404, "No such image: nosuch:1", call("DELETE", "/images/nosuch:1"));
        assertError(400, LOWERCASE, call("GET", "/images/BusyBox/history"));
        assertError(400, LOWERCASE, call("GET", "/images/get?names=BusyBox"));
        UnixHttp.Response create = UnixHttp.call(socket, "POST", "/containers/create",
                "{\"Image\":\"BusyBox\"}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertError(400, LOWERCASE, create);
    }

    @Test
    void pullAndImportNamesAre400() throws Exception {
        assertError(400, LOWERCASE, call("POST", "/images/create?fromImage=BusyBox&tag=latest"));
        assertError(400, LOWERCASE, UnixHttp.call(socket, "POST", "/images/create?fromSrc=-&repo=BusyBox",
                new byte[1024], Map.of("Content-Type", "application/x-tar")));
        assertError(400, "cannot import digest reference", UnixHttp.call(socket, "POST",
                "/images/create?fromSrc=-&repo=acc/bb@sha256:" + "ab".repeat(32), new byte[1024],
                Map.of("Content-Type", "application/x-tar")));
    }

    @Test
    void buildTagsAndCommitNamesAre400() throws Exception {
        assertError(400, LOWERCASE, UnixHttp.call(socket, "POST", "/v1.41/build?t=BusyBox", new byte[1024],
                Map.of("Content-Type", "application/x-tar")));
        assertError(400, "build tag cannot contain a digest", UnixHttp.call(socket, "POST",
                "/build?t=" + q("acc/bb@sha256:" + "ab".repeat(32)), new byte[1024], Map.of("Content-Type", "application/x-tar")));
        assertError(400, LOWERCASE, call("POST", "/commit?container=nosuch&repo=BusyBox"));
        assertError(400, "refusing to create a tag with a digest reference",
                call("POST", "/commit?container=nosuch&repo=" + q("acc/bb@sha256:" + "ab".repeat(32))));
    }

    @Test
    void listFiltersBeforeAndSinceNameAnImage() throws Exception {
        assertEquals(0, Json.MAPPER.readTree(call("GET", "/images/json?filters="
                + q("{\"since\":[\"busybox\"]}")).body()).size());
        assertEquals(0, Json.MAPPER.readTree(call("GET", "/images/json?filters="
                + q("{\"before\":[\"busybox:latest\"]}")).body()).size());
        assertError(404, "No such image: nosuch", call("GET", "/images/json?filters=" + q("{\"before\":[\"nosuch\"]}")));
        assertError(400, LOWERCASE, call("GET", "/images/json?filters=" + q("{\"since\":[\"BusyBox\"]}")));
    }

    static String q(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
