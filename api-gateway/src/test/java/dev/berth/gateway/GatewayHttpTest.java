package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit test of the HTTP layer: the real Micronaut server on a unix socket, with in-memory
 * container and image services standing in for the domain.
 */
class GatewayHttpTest {
    @TempDir
    static Path dir;
    static GatewayServer server;
    static FakeContainers containers = new FakeContainers();
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        socket = dir.resolve("b.sock");
        Files.writeString(socket, "stale");
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc", dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, containers, new FakeImages());
        containers.add("c0ffee" + "0".repeat(58), "exited-one", false, FakeContainers.exited(3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(UnixHttp.Response response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void archiveHeadAnswersWithThePathStatAndRefusesAStoppedContainersMountedPaths() throws Exception {
        UnixHttp.Response stat = UnixHttp.call(socket, "HEAD", "/v1.41/containers/exited-one/archive?path=/etc/");
        assertEquals(200, stat.status(), "HEAD has one route (Micronaut 4 added a second for the GET)");
        String header = new String(java.util.Base64.getDecoder().decode(stat.header("X-Docker-Container-Path-Stat")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"name\":\"etc\""), header);
        UnixHttp.Response mounted = UnixHttp.call(socket, "HEAD", "/v1.41/containers/with-volume/archive?path=/data/x");
        assertEquals(501, mounted.status());
        UnixHttp.Response put = UnixHttp.call(socket, "PUT", "/v1.41/containers/with-volume/archive?path=/data", new byte[1024],
                Map.of("Content-Type", "application/x-tar"));
        assertEquals(501, put.status());
        assertTrue(put.text().contains("/data is a volume mount") && put.text().contains("stopped container"), put.text());
    }

    @Test
    void socketIsGroupReadableOnly() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void pingAnswersGetAndHeadWithDockersHeaders() throws Exception {
        for (String method : new String[] {"GET", "HEAD"}) {
            UnixHttp.Response r = UnixHttp.call(socket, method, "/_ping");
            assertEquals(200, r.status(), method);
            assertEquals("1.41", r.header("Api-Version"));
            assertEquals("linux", r.header("Ostype"));
            assertEquals("false", r.header("Docker-Experimental"));
            assertTrue(r.header("Server").startsWith("Docker/"), r.header("Server"));
            assertTrue(r.header("Cache-Control").contains("no-cache"));
            assertEquals("no-cache", r.header("Pragma"));
            assertTrue(r.header("Content-Type").startsWith("text/plain"));
            if (method.equals("GET")) {
                assertEquals("OK", r.text());
            }
        }
    }

    @Test
    void aClientThatHangsUpIsNotKeptOpen() throws Exception {
        // Half-closure is on for attach; any other connection must still be closed by the
        // server when its client goes, or it leaks (and epoll spins on it).
        try (java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            client.write(java.nio.ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: berth\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            client.shutdownOutput();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
                while (true) {
                    buffer.clear();
                    if (client.read(buffer) < 0) {
                        return; // the server closed its side after the client's
                    }
                }
            });
        }
    }

    @Test
    void anOversizedJsonBodyGets413AndIsNotHeld() throws Exception {
        byte[] body = new byte[(int) GatewayServer.MAX_BUFFERED_BODY + 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        UnixHttp.Response r = UnixHttp.call(socket, "POST", "/containers/create", body,
                java.util.Map.of("Content-Type", "application/json"));
        assertEquals(413, r.status());
        assertTrue(json(r).get("message").asText().startsWith("request body too large"), r.text());
    }

    @Test
    void versionPrefixesAreStrippedAndTooNewOnesRefused() throws Exception {
        assertEquals("OK", UnixHttp.call(socket, "GET", "/v1.24/_ping").text());
        assertEquals("OK", UnixHttp.call(socket, "GET", "/v1.41/_ping").text());
        UnixHttp.Response tooNew = UnixHttp.call(socket, "GET", "/v1.99/version");
        assertEquals(400, tooNew.status());
        assertEquals("client version 1.99 is too new. Maximum supported API version is 1.41", json(tooNew).get("message").asText());
        JsonNode version = json(UnixHttp.call(socket, "GET", "/v1.41/version"));
        assertEquals("1.41", version.get("ApiVersion").asText());
        assertEquals("1.12", version.get("MinAPIVersion").asText());
        assertEquals("Engine", version.get("Components").get(0).get("Name").asText());
    }

    @Test
    void unknownRoutesAreJson404s() throws Exception {
        for (String path : new String[] {"/nothing/here", "/v1.41/nothing", "/images/busybox/nonsense"}) {
            UnixHttp.Response r = UnixHttp.call(socket, "GET", path);
            assertEquals(404, r.status(), path);
            assertEquals("page not found", json(r).get("message").asText(), path);
        }
    }

    @Test
    void infoHasWhatDockerInfoReads() throws Exception {
        JsonNode info = json(UnixHttp.call(socket, "GET", "/v1.41/info"));
        assertEquals(1, info.get("Containers").asInt());
        assertEquals(1, info.get("ContainersStopped").asInt());
        assertEquals(1, info.get("Images").asInt());
        assertEquals("overlayfs", info.get("Driver").asText());
        assertEquals("inactive", info.get("Swarm").get("LocalNodeState").asText());
        assertTrue(info.get("Runtimes").has("runc"));
        assertTrue(info.get("NCPU").asInt() > 0);
    }

    @Test
    void missingContainersAndImagesAreDockers404s() throws Exception {
        UnixHttp.Response c = UnixHttp.call(socket, "GET", "/v1.41/containers/nosuch/json");
        assertEquals(404, c.status());
        assertEquals("No such container: nosuch", json(c).get("message").asText());
        UnixHttp.Response start = UnixHttp.call(socket, "POST", "/containers/nosuch/start");
        assertEquals(404, start.status());
        assertEquals("No such container: nosuch", json(start).get("message").asText());
        UnixHttp.Response i = UnixHttp.call(socket, "GET", "/images/acc/bb:1.0/json");
        assertEquals(404, i.status());
        assertEquals("No such image: acc/bb:1.0", json(i).get("message").asText());
        UnixHttp.Response attach = UnixHttp.call(socket, "POST", "/v1.41/containers/nosuch/attach?stream=1&stdout=1",
                null, Map.of("Upgrade", "tcp", "Connection", "Upgrade"));
        assertEquals(404, attach.status());
        assertEquals("No such container: nosuch", json(attach).get("message").asText());
        UnixHttp.Response wait = UnixHttp.call(socket, "POST", "/containers/nosuch/wait");
        assertEquals(404, wait.status());
        assertEquals("No such container: nosuch", json(wait).get("message").asText());
    }

    @Test
    void imagesAreListedAndInspectedInDockersShape() throws Exception {
        JsonNode list = json(UnixHttp.call(socket, "GET", "/images/json"));
        assertEquals(1, list.size());
        assertEquals("busybox:latest", list.get(0).get("RepoTags").get(0).asText());
        assertEquals(1767323045L, list.get(0).get("Created").asLong());
        JsonNode image = json(UnixHttp.call(socket, "GET", "/v1.41/images/busybox/json"));
        assertEquals(FakeImages.BUSYBOX.id(), image.get("Id").asText());
        assertEquals("2026-01-02T03:04:05Z", image.get("Created").asText());
        assertEquals("layers", image.get("RootFS").get("Type").asText());
        assertEquals("overlayfs", image.get("GraphDriver").get("Name").asText());
        assertTrue(image.get("Config").has("Entrypoint"));
    }

    @Test
    void pullOfAMissingRepositoryIsDockersAnswer() throws Exception {
        UnixHttp.Response r = UnixHttp.call(socket, "POST", "/images/create?fromImage=acc-no-such-image&tag=1");
        assertEquals(404, r.status());
        assertEquals("pull access denied for acc-no-such-image, repository does not exist or may require 'docker login'",
                json(r).get("message").asText());
    }

    @Test
    void containersAreCreatedListedInspectedAndRemoved() throws Exception {
        byte[] body = "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"],\"Tty\":false,\"HostConfig\":{\"AutoRemove\":true,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{}}}"
                .getBytes(StandardCharsets.UTF_8);
        UnixHttp.Response created = UnixHttp.call(socket, "POST", "/v1.41/containers/create?name=web", body,
                Map.of("Content-Type", "application/json"));
        assertEquals(201, created.status(), created.text());
        String id = json(created).get("Id").asText();
        assertTrue(containers.lastCreate.hostConfig().autoRemove());
        assertEquals("busybox", containers.lastCreate.config().image());

        UnixHttp.Response conflict = UnixHttp.call(socket, "POST", "/containers/create?name=web", body, Map.of("Content-Type", "application/json"));
        assertEquals(409, conflict.status());
        UnixHttp.Response noImage = UnixHttp.call(socket, "POST", "/containers/create",
                "{\"Image\":\"nosuch\"}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertEquals(404, noImage.status());
        assertEquals("No such image: nosuch", json(noImage).get("message").asText());
        UnixHttp.Response badJson = UnixHttp.call(socket, "POST", "/containers/create",
                "{\"Image\":".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertEquals(400, badJson.status());

        JsonNode inspect = json(UnixHttp.call(socket, "GET", "/containers/web/json"));
        assertEquals(id, inspect.get("Id").asText());
        assertEquals("/web", inspect.get("Name").asText());
        assertEquals("created", inspect.get("State").get("Status").asText());
        assertEquals("0001-01-01T00:00:00Z", inspect.get("State").get("StartedAt").asText());
        assertEquals("busybox", inspect.get("Config").get("Image").asText());

        JsonNode all = json(UnixHttp.call(socket, "GET", "/containers/json?all=1"));
        JsonNode exited = null;
        for (JsonNode c : all) {
            if (c.get("Names").get(0).asText().equals("/exited-one")) {
                exited = c;
            }
        }
        assertEquals("Exited (3) 2 minutes ago", exited.get("Status").asText());
        assertEquals(0, json(UnixHttp.call(socket, "GET", "/containers/json")).size());

        assertEquals(204, UnixHttp.call(socket, "POST", "/containers/web/start").status());
        assertEquals(204, UnixHttp.call(socket, "DELETE", "/containers/web?force=1").status());
        assertEquals(404, UnixHttp.call(socket, "GET", "/containers/web/json").status());
    }

    @Test
    void waitSendsItsHeadAtOnceAndItsBodyAtTheExit() throws Exception {
        String id = "aa11" + "0".repeat(60);
        containers.add(id, "waiter", false, FakeContainers.running());
        try (UnixHttp http = UnixHttp.connect(socket)) {
            http.send("POST", "/v1.41/containers/waiter/wait?condition=next-exit", null, Map.of());
            UnixHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            assertEquals("application/json", head.header("Content-Type"));
            containers.exits.get(id).complete(new dev.berth.gateway.container.WaitResult(7, null));
            String chunkSize = http.readLine();
            String chunk = http.readLine();
            JsonNode result = Json.MAPPER.readTree(chunk);
            assertTrue(Integer.parseInt(chunkSize, 16) > 0);
            assertEquals(7, result.get("StatusCode").asInt());
            assertTrue(result.get("Error").isNull());
        }
    }
}
