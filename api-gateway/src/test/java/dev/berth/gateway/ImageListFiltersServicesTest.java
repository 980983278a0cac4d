package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /images/json's before and since filters, and Docker's 400s for invalid references, over the
 * real content store and snapshotter with the gateway's ContentImageService.
 */
class ImageListFiltersServicesTest {
    static final String LOWERCASE = "invalid reference format: repository name (library/BusyBox) must be lowercase";
    static ImageGateway gateway;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ImageGateway.start("bgf");
        socket = gateway.socket;
        byte[] tar = BusyboxRootfs.tar();
        for (String repo : List.of("acc/a", "acc/b", "acc/c")) {
            UnixHttp.Response imported = UnixHttp.call(socket, "POST", "/images/create?fromSrc=-&repo=" + repo + "&tag=1",
                    tar, Map.of("Content-Type", "application/x-tar"));
            assertEquals(200, imported.status(), imported.text());
            Thread.sleep(1100); // Docker's Created is in seconds: one apart, so the order shows either way
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    static List<String> listed(String filters) throws Exception {
        UnixHttp.Response response = UnixHttp.call(socket, "GET", "/images/json?filters="
                + java.net.URLEncoder.encode(filters, StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.text());
        List<String> tags = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).forEach(image -> tags.add(image.get("RepoTags").get(0).asText()));
        tags.sort(String::compareTo);
        return tags;
    }

    static void assertError(int status, String message, UnixHttp.Response response) throws Exception {
        assertEquals(status, response.status(), response.text());
        assertEquals(message, Json.MAPPER.readTree(response.body()).get("message").asText(), response.text());
    }

    @Test
    void beforeAndSinceNameAnImageByNameOrId() throws Exception {
        assertEquals(List.of("acc/b:1", "acc/c:1"), listed("{\"since\":[\"acc/a:1\"]}"));
        assertEquals(List.of("acc/a:1", "acc/b:1"), listed("{\"before\":[\"acc/c:1\"]}"));
        assertEquals(List.of("acc/b:1"), listed("{\"since\":[\"acc/a:1\"],\"before\":[\"acc/c:1\"]}"));
        JsonNode b = Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/acc/b:1/json").body());
        assertEquals(List.of("acc/c:1"), listed("{\"since\":[\"" + b.get("Id").asText().substring(7, 19) + "\"]}"));
        assertEquals(List.of(), listed("{\"before\":[\"acc/a:1\"]}"));

        assertError(404, "No such image: acc/nosuch:1", UnixHttp.call(socket, "GET", "/images/json?filters="
                + java.net.URLEncoder.encode("{\"before\":[\"acc/nosuch:1\"]}", StandardCharsets.UTF_8)));
        assertError(400, LOWERCASE, UnixHttp.call(socket, "GET", "/images/json?filters="
                + java.net.URLEncoder.encode("{\"since\":[\"BusyBox\"]}", StandardCharsets.UTF_8)));
    }

    @Test
    void invalidReferencesAreDockers400sAndValidMissingOnes404s() throws Exception {
        assertError(400, LOWERCASE, UnixHttp.call(socket, "POST", "/images/acc/a:1/tag?repo=BusyBox"));
        assertError(400, LOWERCASE, UnixHttp.call(socket, "GET", "/images/BusyBox/json"));
        assertError(400, LOWERCASE, UnixHttp.call(socket, "DELETE", "/images/BusyBox"));
        assertError(404, "No such image: busybox", UnixHttp.call(socket, "GET", "/images/busybox/json"));
        assertError(400, "cannot import digest reference", UnixHttp.call(socket, "POST",
                "/images/create?fromSrc=-&repo=acc/d@sha256:" + "ab".repeat(32), BusyboxRootfs.tar(),
                Map.of("Content-Type", "application/x-tar")));
        // nothing of the refused requests was recorded
        assertEquals(3, Json.MAPPER.readTree(UnixHttp.call(socket, "GET", "/images/json").body()).size());
        assertTrue(UnixHttp.call(socket, "GET", "/images/acc/a:1/json").status() == 200);
    }
}
