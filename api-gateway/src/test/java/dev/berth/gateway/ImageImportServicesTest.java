package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker import against the real content store and snapshotter, launched as processes from their
 * built jars, with the gateway's own ContentImageService (containers are faked: not used here).
 */
class ImageImportServicesTest {
    /** The reactor's root: Surefire runs each module's tests in that module's directory. */
    static final Path MAIN = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static Path dir;
    static final List<Process> processes = new ArrayList<>();
    static GatewayServer server;
    static ServiceClients clients;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        Path contentJar = MAIN.resolve("content-store/target/berth-content-store-0.1.0-SNAPSHOT.jar");
        Path snapshotterJar = MAIN.resolve("snapshotter/target/berth-snapshotter-0.1.0-SNAPSHOT.jar");
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            // in CI a missing prerequisite is a failure, never a skip
            assertTrue(Files.exists(contentJar) && Files.exists(snapshotterJar), "content-store and snapshotter jars are not built");
            assertTrue(Files.isExecutable(Path.of("/usr/bin/busybox")), "needs /usr/bin/busybox for the rootfs");
            assertTrue("root".equals(System.getProperty("user.name")), "the snapshotter mounts overlayfs: needs root");
        }
        Assumptions.assumeTrue(Files.exists(contentJar) && Files.exists(contentJar.resolveSibling("lib"))
                        && Files.exists(snapshotterJar) && Files.exists(snapshotterJar.resolveSibling("lib")),
                "content-store and snapshotter jars (with target/lib) are not built; skipping the import test against real services");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")), "needs /usr/bin/busybox for the rootfs");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the snapshotter mounts overlayfs: needs root");
        dir = Files.createTempDirectory(Path.of("/tmp"), "bgw");
        Path state = Files.createDirectories(dir.resolve("st"));
        processes.add(launch(contentJar, "dev.berth.content.ContentStoreMain", dir.resolve("content"), state, "content"));
        processes.add(launch(snapshotterJar, "dev.berth.snapshot.SnapshotterMain", dir.resolve("snap"), state, "snapshotter"));
        for (String sock : new String[] {"content.sock", "snapshotter.sock"}) {
            for (int i = 0; i < 300 && !Files.exists(state.resolve(sock)); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(state.resolve(sock)), sock + " did not appear; see " + dir);
        }
        socket = state.resolve("berth.sock");
        GatewaySettings settings = new GatewaySettings(dir.resolve("gw"), state, socket, "berth-shim", "runc", state.resolve("runc"), "berth");
        clients = new ServiceClients("unix://" + state.resolve("content.sock"), "unix://" + state.resolve("snapshotter.sock"),
                "unix://" + state.resolve("network.sock"), "berth");
        server = GatewayServer.start(socket, settings, clients, new FakeContainers());
    }

    static Process launch(Path jar, String main, Path root, Path state, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", jar + ":" + jar.resolveSibling("lib") + "/*",
                main, "--root", root.toString(), "--state", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (clients != null) {
            clients.close();
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        if (dir != null) {
            // the snapshotter unmounts on stop; only plain files remain
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static UnixHttp.Response post(String path, byte[] body) throws IOException {
        return UnixHttp.call(socket, "POST", path, body, Map.of("Content-Type", "application/x-tar"));
    }

    @Test
    void importedImageIsListedInspectedUnpackedAndTaggable() throws Exception {
        byte[] tar = BusyboxRootfs.tar();
        UnixHttp.Response imported = post("/v1.41/images/create?fromSrc=-&repo=busybox&tag=latest"
                + "&changes=" + java.net.URLEncoder.encode("CMD [\"/bin/sh\"]", StandardCharsets.UTF_8)
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
        assertEquals("[\"/bin/sh\"]", image.get("Config").get("Cmd").toString());
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
