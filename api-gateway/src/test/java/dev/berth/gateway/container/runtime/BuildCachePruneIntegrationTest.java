package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /build/prune against the real builder and stores: the cache an image still builds on stays
 * unless {@code all}, the cache of removed images goes with its space, and a later build rebuilds
 * what was pruned; BuildKit's options are refused.
 */
class BuildCachePruneIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DOCKERFILE = "FROM busybox\nRUN head -c 300000 /dev/urandom > /blob.bin\nLABEL pruned=test\n";
    /** Leaves its first RUN in the cache with no image built on it. */
    private static final String FAILING = "FROM busybox\nRUN head -c 300000 /dev/urandom > /other.bin\nRUN false\n";

    private static ServedGateway gateway;
    private static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ServedGateway.start();
        socket = gateway.socket;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void pruneKeepsTheCacheOfListedImagesAndFreesTheRest() throws Exception {
        assertEquals(0, countCacheHits(build("prune-a", DOCKERFILE)), "a first build uses no cache");
        assertEquals(2, countCacheHits(build("prune-a", DOCKERFILE)), "RUN and LABEL come from the cache");
        JsonNode kept = prune("");
        assertEquals(0, kept.get("CachesDeleted").size(), "prune-a builds on its steps: " + kept);
        assertEquals(2, countCacheHits(build("prune-a", DOCKERFILE)));

        String failed = attempt("prune-b", FAILING);
        assertTrue(failed.contains("returned a non-zero code: 1"), failed);
        JsonNode freed = prune("");
        assertEquals(1, freed.get("CachesDeleted").size(), "the failed build's first RUN: " + freed);
        assertTrue(freed.get("SpaceReclaimed").asLong() >= 300_000, "its layer's bytes: " + freed);
        assertEquals(0, prune("").get("CachesDeleted").size(), "nothing is left to prune");
        assertEquals(0, countCacheHits(attempt("prune-b", FAILING)), "the pruned step runs again");

        JsonNode all = prune("all=1");
        assertEquals(3, all.get("CachesDeleted").size(), "all takes the cache of a listed image too: " + all);
        assertTrue(all.get("SpaceReclaimed").asLong() >= 300_000, "the failed build's layer; prune-a keeps its own: " + all);
        assertEquals(200, call("GET", "/v1.41/images/prune-a/json").status(), "the image itself stays");
        assertEquals(0, countCacheHits(build("prune-a", DOCKERFILE)));
    }

    @Test
    void buildKitOptionsAreRefusedNotIgnored() throws Exception {
        BuildHttp.Response keep = call("POST", "/v1.41/build/prune?keep-storage=1000000");
        assertEquals(400, keep.status(), keep.text());
        assertTrue(keep.text().contains("keep-storage"), keep.text());
        String filters = URLEncoder.encode("{\"until\":[\"24h\"]}", StandardCharsets.UTF_8);
        BuildHttp.Response until = call("POST", "/v1.41/build/prune?filters=" + filters);
        assertEquals(400, until.status(), until.text());
        assertTrue(until.text().contains("invalid filter 'until'"), until.text());
    }

    private static JsonNode prune(String query) throws IOException {
        BuildHttp.Response response = call("POST", "/v1.41/build/prune?" + query);
        assertEquals(200, response.status(), response.text());
        return MAPPER.readTree(response.body());
    }

    /** A build that must succeed; its output. */
    private static String build(String tag, String dockerfile) throws IOException {
        String output = attempt(tag, dockerfile);
        assertTrue(output.contains("Successfully tagged " + tag), output);
        return output;
    }

    /** A build's output, its error included. */
    private static String attempt(String tag, String dockerfile) throws IOException {
        BuildHttp.Response response = BuildHttp.call(socket, "POST", "/v1.41/build?t=" + tag, context(dockerfile), "application/x-tar");
        assertEquals(200, response.status(), response.text());
        StringBuilder output = new StringBuilder(response.output());
        for (JsonNode message : response.messages()) {
            if (message.has("error")) {
                output.append(message.get("error").asText());
            }
        }
        return output.toString();
    }

    private static BuildHttp.Response call(String method, String path) throws IOException {
        return BuildHttp.call(socket, method, path, new byte[0], "application/json");
    }

    private static int countCacheHits(String output) {
        return output.split(" ---> Using cache\n", -1).length - 1;
    }

    private static byte[] context(String dockerfile) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            byte[] content = dockerfile.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
            entry.setSize(content.length);
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        return tar.toByteArray();
    }
}
