package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.image.CommitRequest;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /commit through the real HTTP server, with in-memory services: what the controller reads
 * from the query and body, what it hands the image service, and when it pauses the container.
 */
class CommitEndpointTest {
    static final String RUNNING = "a1" + "0".repeat(62);
    static final String EXITED = "b2" + "0".repeat(62);
    static final String PAUSED = "c3" + "0".repeat(62);

    @TempDir
    static Path dir;
    static GatewayServer server;
    static Path socket;
    /** What happened, in order: "pause <id>", "commit <id>", "unpause <id>". */
    static final List<String> calls = new CopyOnWriteArrayList<>();
    static volatile CommitRequest lastCommit;

    /** busybox as FakeImages has it, and a commit that records its request. */
    static final class CommittingImages implements ImageService {
        final FakeImages images = new FakeImages();

        @Override
        public Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message) {
            return images.importImage(rootfsTar, repository, tag, changes, message);
        }

        @Override
        public Image inspect(String reference) {
            return images.inspect(reference);
        }

        @Override
        public List<Image> list() {
            return images.list();
        }

        @Override
        public Image commit(CommitRequest request) {
            calls.add("commit " + request.containerId());
            lastCommit = request;
            if (request.repository().equals("fails")) {
                throw DockerApiException.serverError("the differ failed", null);
            }
            return new Image("sha256:" + "ee".repeat(32), List.of(), List.of(), Instant.now(), 1, "amd64", "linux",
                    request.author(), request.comment(), Json.object(), List.of(), "");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        FakeContainers fake = new FakeContainers();
        fake.add(RUNNING, "runner", false, FakeContainers.running());
        fake.add(EXITED, "done", false, FakeContainers.exited(0));
        fake.add(PAUSED, "frozen", false, new ContainerState("paused", true, true, false, false, false, 42, 0, "",
                Instant.now().minusSeconds(3), null));
        // the fake, with pause and unpause recorded (a proxy, so this test follows ContainerService as it grows)
        ContainerService containers = (ContainerService) Proxy.newProxyInstance(CommitEndpointTest.class.getClassLoader(),
                new Class<?>[] {ContainerService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pause") || method.getName().equals("unpause")) {
                        calls.add(method.getName() + " " + args[0]);
                        return null;
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        socket = dir.resolve("b.sock");
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc", dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, containers, new CommittingImages());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        calls.clear();
        lastCommit = null;
    }

    static UnixHttp.Response post(String path) throws Exception {
        return UnixHttp.call(socket, "POST", path);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode json(UnixHttp.Response response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void aRunningContainerIsPausedForTheCommitAndTheQueryReachesTheImageService() throws Exception {
        UnixHttp.Response response = post("/v1.41/commit?container=runner&repo=acc/snap&tag=v1&comment=" + q("saved state")
                + "&author=" + q("Ann <ann@example.com>") + "&changes=" + q("CMD [\"cat\",\"/state.txt\"]") + "&changes=" + q("ENV A=1"));
        assertEquals(201, response.status(), response.text());
        assertEquals("{\"Id\":\"sha256:" + "ee".repeat(32) + "\"}", response.text().strip());
        assertEquals(List.of("pause " + RUNNING, "commit " + RUNNING, "unpause " + RUNNING), calls);

        CommitRequest request = lastCommit;
        assertEquals("sha256:" + "ab".repeat(32), request.parentImageId());
        assertEquals(RUNNING, request.containerId());
        assertEquals("[\"echo\",\"hi\"]", request.containerConfig().get("Cmd").toString());
        assertEquals("busybox", request.containerConfig().get("Image").asText());
        assertEquals(List.of("CMD [\"cat\",\"/state.txt\"]", "ENV A=1"), request.changes());
        assertEquals("acc/snap", request.repository());
        assertEquals("v1", request.tag());
        assertEquals("saved state", request.comment());
        assertEquals("Ann <ann@example.com>", request.author());
        assertNull(request.requestedConfig());
    }

    @Test
    void pauseFalseAStoppedOrAnAlreadyPausedContainerIsNotPaused() throws Exception {
        assertEquals(201, post("/commit?container=runner&pause=0").status());
        assertEquals(201, post("/commit?container=runner&pause=false").status());
        assertEquals(201, post("/commit?container=done").status());
        assertEquals(201, post("/commit?container=frozen&pause=1").status());
        assertEquals(List.of("commit " + RUNNING, "commit " + RUNNING, "commit " + EXITED, "commit " + PAUSED), calls);
        assertEquals("", lastCommit.repository());
    }

    @Test
    void aSingleChangeWithCommasStaysOneChange() throws Exception {
        // the docker CLI sends one changes parameter per --change; a JSON array holds commas
        assertEquals(201, post("/commit?container=done&changes=" + q("CMD [\"cat\",\"/state.txt\"]")).status());
        assertEquals(List.of("CMD [\"cat\",\"/state.txt\"]"), lastCommit.changes());
        assertEquals(201, post("/commit?container=done").status());
        assertEquals(List.of(), lastCommit.changes());
    }

    @Test
    void aFailedCommitStillUnpauses() throws Exception {
        UnixHttp.Response response = post("/commit?container=" + RUNNING.substring(0, 12) + "&repo=fails");
        assertEquals(500, response.status());
        assertEquals("the differ failed", json(response).get("message").asText());
        assertEquals(List.of("pause " + RUNNING, "commit " + RUNNING, "unpause " + RUNNING), calls);
    }

    @Test
    void unknownContainersAndBadReferencesAreRefusedBeforeAnythingHappens() throws Exception {
        UnixHttp.Response missing = post("/commit?container=nope");
        assertEquals(404, missing.status());
        assertEquals("No such container: nope", json(missing).get("message").asText());

        UnixHttp.Response none = post("/commit");
        assertEquals(400, none.status(), none.text());

        UnixHttp.Response badRepo = post("/commit?container=runner&repo=Bad");
        assertEquals(400, badRepo.status());
        assertTrue(json(badRepo).get("message").asText().startsWith("invalid reference format"), badRepo.text());
        UnixHttp.Response badTag = post("/commit?container=runner&repo=acc/snap&tag=" + q("no good"));
        assertEquals(400, badTag.status());
        assertEquals("invalid reference format", json(badTag).get("message").asText());
        assertEquals(List.of(), calls);
    }

    @Test
    void aJsonBodyWithConfigFieldsIsTheRequestedConfig() throws Exception {
        UnixHttp.Response response = UnixHttp.call(socket, "POST", "/commit?container=done",
                "{\"Cmd\":[\"x\"],\"Env\":[\"A=1\"]}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertEquals(201, response.status(), response.text());
        assertEquals("{\"Cmd\":[\"x\"],\"Env\":[\"A=1\"]}", lastCommit.requestedConfig().toString());

        UnixHttp.Response notJson = UnixHttp.call(socket, "POST", "/commit?container=done",
                "{\"Cmd\":[\"x\"]}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
        assertEquals(400, notJson.status());
        assertEquals("unsupported Content-Type header (text/plain): must be 'application/json'", json(notJson).get("message").asText());

        UnixHttp.Response malformed = UnixHttp.call(socket, "POST", "/commit?container=done",
                "{\"Cmd\":".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertEquals(400, malformed.status());
    }
}
