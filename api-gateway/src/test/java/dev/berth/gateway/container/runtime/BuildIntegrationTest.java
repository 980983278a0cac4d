package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.gateway.image.Image;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker build through POST /build over the gateway's socket, against the real content store,
 * snapshotter, network service, shim host and runc: the acceptance kit's Dockerfile, the layer
 * cache, --no-cache, a moved tag and prune, multi-stage with COPY --from onto scratch, and the
 * errors in Docker's words. Outside CI a missing prerequisite skips it; with CI=true it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ACCEPTANCE = """
            ARG BASE=busybox
            FROM ${BASE}
            LABEL author=acc version="1.0"
            ENV ENVIRONMENT=production GREETING="hello world"
            ARG FLAVOR=plain
            WORKDIR /app
            COPY app.py requirements.txt* /app/
            COPY . .
            ADD bundle.tar.gz /opt/
            RUN echo "flavor=$FLAVOR" > /app/flavor.txt && mkdir -p /data && echo seeded > /data/seed.txt
            RUN ["/bin/sh", "-c", "echo exec-form > /app/exec.txt"]
            EXPOSE 8080/tcp
            VOLUME ["/data"]
            USER 1000
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["cat /app/flavor.txt; echo $GREETING; id -u; pwd"]
            """;

    private static ServedGateway gateway;
    private static RuntimeServices services;
    private static ContentImageService images;
    private static ShimContainerService containers;
    private static Path socket;
    private static String firstId;

    @BeforeAll
    static void start() throws Exception {
        gateway = ServedGateway.start();
        services = gateway.services;
        socket = gateway.socket;
        images = (ContentImageService) gateway.bean(dev.berth.gateway.image.ImageService.class);
        containers = (ShimContainerService) gateway.bean(dev.berth.gateway.container.ContainerService.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (containers != null) {
            for (Container c : containers.list(true, Map.of())) {
                containers.remove(c.id(), true, true);
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void buildsTheAcceptanceDockerfile() throws Exception {
        BuildHttp.Response ping = BuildHttp.call(socket, "GET", "/_ping", null, null);
        assertEquals("1", ping.headers().get("builder-version"));

        BuildHttp.Response response = build(acceptanceContext("print('hi')\n"), "t=acc-web:1.0&buildargs="
                + BuildHttp.encode("{\"FLAVOR\":\"spicy\"}"));
        String output = response.output();
        assertEquals(200, response.status(), response.text());
        assertNull(response.error(), output);
        assertTrue(output.startsWith("Step 1/16 : ARG BASE=busybox\nStep 2/16 : FROM ${BASE}\n ---> "), output);
        assertTrue(output.contains("Step 7/16 : COPY app.py requirements.txt* /app/\n"), output);
        assertTrue(output.contains(" ---> Running in "), output);
        assertTrue(output.contains("Removing intermediate container "), output);
        assertFalse(output.contains("Using cache"), output);
        Image image = images.inspect("acc-web:1.0");
        assertTrue(output.endsWith("Successfully built " + image.id().substring(7, 19) + "\nSuccessfully tagged acc-web:1.0\n"), output);
        assertEquals(image.id(), response.auxId());
        firstId = image.id();

        JsonNode config = image.config();
        assertEquals("acc", config.path("Labels").path("author").asText());
        assertEquals("1.0", config.path("Labels").path("version").asText());
        List<String> env = strings(config.path("Env"));
        assertTrue(env.contains("ENVIRONMENT=production") && env.contains("GREETING=hello world"), env.toString());
        assertFalse(env.stream().anyMatch(e -> e.startsWith("FLAVOR")), env.toString());
        assertTrue(config.path("ExposedPorts").has("8080/tcp"), config.toString());
        assertTrue(config.path("Volumes").has("/data"), config.toString());
        assertEquals("1000", config.path("User").asText());
        assertEquals("/app", config.path("WorkingDir").asText());
        assertEquals(List.of("/bin/sh", "-c"), strings(config.path("Entrypoint")));
        assertEquals(List.of("cat /app/flavor.txt; echo $GREETING; id -u; pwd"), strings(config.path("Cmd")));

        assertEquals("flavor=spicy\nhello world\n1000\n/app\n", run("acc-web:1.0", null, null));
        String files = run("acc-web:1.0", List.of("/bin/sh", "-c"), List.of("cat /app/app.py /app/sub/inner.txt /opt/inside/a.txt"
                + " /app/exec.txt /data/seed.txt; ls /app; ls -ln /app/app.py"));
        assertTrue(files.startsWith("print('hi')\ninner\na-content\nexec-form\nseeded\n"), files);
        assertFalse(files.contains("ignored.txt"), files);
        assertTrue(files.contains("Dockerfile") && files.contains("sub") && files.contains("flavor.txt"), files);
        assertTrue(files.contains(" 0        0 "), "copied files belong to root: " + files);

        JsonNode history = MAPPER.readTree(BuildHttp.call(socket, "GET", "/images/acc-web:1.0/history", null, null).body());
        assertEquals(image.id(), history.get(0).path("Id").asText());
        assertEquals("/bin/sh -c #(nop)  CMD [\"cat /app/flavor.txt; echo $GREETING; id -u; pwd\"]",
                history.get(0).path("CreatedBy").asText());
        assertEquals("acc-web:1.0", history.get(0).path("Tags").get(0).asText());
        List<String> createdBy = new ArrayList<>();
        history.forEach(h -> createdBy.add(h.path("CreatedBy").asText()));
        assertTrue(createdBy.contains("|1 FLAVOR=spicy /bin/sh -c echo \"flavor=$FLAVOR\" > /app/flavor.txt && mkdir -p /data"
                + " && echo seeded > /data/seed.txt"), createdBy.toString());
        assertTrue(createdBy.contains("/bin/sh -c #(nop)  ENV ENVIRONMENT=production GREETING=hello world"), createdBy.toString());
        assertTrue(createdBy.contains("/bin/sh -c #(nop) WORKDIR /app"), createdBy.toString());
        assertTrue(createdBy.stream().anyMatch(c -> c.matches("/bin/sh -c #\\(nop\\) COPY multi:[0-9a-f]{64} in /app/ ")
                || c.matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/ ")), createdBy.toString());
        assertTrue(createdBy.contains("/bin/sh -c #(nop)  VOLUME [/data]"), createdBy.toString());
        assertEquals("import", createdBy.getLast());
        assertFalse(images.list().stream().anyMatch(i -> i.repoTags().isEmpty() && !i.id().equals(firstId)),
                "the build's intermediate images are not listed");
        assertEquals(0, Files.list(services.settings.root().resolve("build")).count(), "the context is removed");
    }

    @Test
    @Order(2)
    void rebuildUsesTheCacheAndAChangeInvalidatesIt() throws Exception {
        BuildHttp.Response cached = build(acceptanceContext("print('hi')\n"), "t=acc-web:1.0&buildargs="
                + BuildHttp.encode("{\"FLAVOR\":\"spicy\"}"));
        String output = cached.output();
        assertNull(cached.error(), output);
        assertEquals(14, count(output, " ---> Using cache\n"), output);
        assertFalse(output.contains("Running in"), output);
        assertEquals(firstId, cached.auxId());

        BuildHttp.Response changed = build(acceptanceContext("print('changed')\n"), "t=acc-web:1.0&buildargs="
                + BuildHttp.encode("{\"FLAVOR\":\"spicy\"}"));
        output = changed.output();
        assertNull(changed.error(), output);
        assertEquals(4, count(output, " ---> Using cache\n"), "LABEL, ENV, ARG and WORKDIR come from the cache: " + output);
        assertNotEquals(firstId, changed.auxId());
        assertEquals("print('changed')\n", run("acc-web:1.0", List.of("cat"), List.of("/app/app.py")));
        // the tag moved: the first image is left dangling, and prune removes it
        assertTrue(images.list().stream().anyMatch(i -> i.id().equals(firstId) && i.repoTags().isEmpty()));
        BuildHttp.Response dangling = BuildHttp.call(socket, "GET", "/images/json?filters="
                + BuildHttp.encode("{\"dangling\":[\"true\"]}"), null, null);
        assertTrue(dangling.text().contains(firstId), dangling.text());
        BuildHttp.Response prune = BuildHttp.call(socket, "POST", "/images/prune", null, null);
        assertTrue(prune.text().contains(firstId), prune.text());
        assertEquals(10, count(prune.text(), "\"Deleted\""), "the image and its nine untagged build parents: " + prune.text());
        assertFalse(images.list().stream().anyMatch(i -> i.id().equals(firstId)));

        BuildHttp.Response noCache = build(acceptanceContext("print('changed')\n"), "t=acc-web:1.0&nocache=1&buildargs="
                + BuildHttp.encode("{\"FLAVOR\":\"spicy\"}"));
        assertNull(noCache.error(), noCache.output());
        assertFalse(noCache.output().contains("Using cache"), noCache.output());
    }

    @Test
    @Order(3)
    void multiStageCopiesFromAnEarlierStageOntoScratch() throws Exception {
        String dockerfile = """
                FROM busybox AS builder
                RUN mkdir -p /out && echo built > /out/result.txt
                FROM scratch
                COPY --from=builder /out/result.txt /result.txt
                COPY --from=0 /out /copied/
                """;
        BuildHttp.Response response = build(context(Map.of("Dockerfile", dockerfile)), "t=acc-multi");
        assertNull(response.error(), response.output());
        assertTrue(response.output().contains("Step 3/5 : FROM scratch\n ---> \n"), response.output());
        assertEquals("built\n", read("acc-multi", "/result.txt"));
        assertEquals("built\n", read("acc-multi", "/copied/result.txt"));

        BuildHttp.Response target = build(context(Map.of("Dockerfile", dockerfile)), "t=acc-stage&target=builder");
        assertNull(target.error(), target.output());
        assertTrue(target.output().contains("Step 2/2 : RUN"), target.output());
    }

    @Test
    @Order(4)
    void entrypointWithDefaultArguments() throws Exception {
        BuildHttp.Response response = build(context(Map.of("Dockerfile",
                "FROM busybox\nENTRYPOINT [\"echo\", \"entry\"]\nCMD [\"default-arg\"]\n")), "t=acc-ep");
        assertNull(response.error(), response.output());
        assertEquals("entry default-arg\n", run("acc-ep", null, null));
    }

    @Test
    @Order(4)
    void onbuildTriggersLabelsAndRemoteSources() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/files/remote.txt", exchange -> {
            byte[] data = "fetched\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, data.length);
            exchange.getResponseBody().write(data);
            exchange.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/files/remote.txt";
            BuildHttp.Response base = build(context(Map.of("Dockerfile", "FROM busybox\nONBUILD RUN echo triggered > /trigger.txt\n"
                    + "ONBUILD ADD " + url + " /downloads/\n")), "t=acc-onbuild-base");
            assertNull(base.error(), base.output());
            BuildHttp.Response child = build(context(Map.of("Dockerfile", "FROM acc-onbuild-base\nENV X=1\n")),
                    "t=acc-onbuild&labels=" + BuildHttp.encode("{\"team\":\"qa\",\"built-by\":\"$USER\"}"));
            String output = child.output();
            assertNull(child.error(), output);
            assertTrue(output.contains("Step 1/3 : FROM acc-onbuild-base\n# Executing 2 build triggers\n"), output);
            assertTrue(output.contains("Step 3/3 : LABEL \"built-by\"='$USER' \"team\"='qa'\n"), output);
            assertEquals("triggered\nfetched\n", run("acc-onbuild", List.of("cat"), List.of("/trigger.txt", "/downloads/remote.txt")));
            assertTrue(run("acc-onbuild", List.of("ls"), List.of("-ln", "/downloads/remote.txt")).startsWith("-rw-------"),
                    "a download is 0600, as Docker makes it");
            JsonNode labels = images.inspect("acc-onbuild").config().path("Labels");
            assertEquals("qa", labels.path("team").asText());
            assertEquals("$USER", labels.path("built-by").asText(), "--label values are never substituted");
            assertTrue(images.inspect("acc-onbuild").config().path("OnBuild").isNull(), "triggers do not pass to the child");

            BuildHttp.Response unreachable = build(context(Map.of("Dockerfile",
                    "FROM busybox\nADD http://127.0.0.1:9/nothing.txt /x\n")), "");
            assertEquals("ADD failed: Get \"http://127.0.0.1:9/nothing.txt\": dial tcp 127.0.0.1:9: connect: connection refused",
                    unreachable.error().path("error").asText());
        } finally {
            http.stop(0);
        }
    }

    @Test
    @Order(4)
    void aContextBiggerThanTheBufferedBodyLimitIsStreamed() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] big = new byte[12 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            add(out, "Dockerfile", "FROM busybox\nLABEL big=yes\n", 0644);
            TarArchiveEntry entry = new TarArchiveEntry("big.bin");
            entry.setSize(big.length);
            out.putArchiveEntry(entry);
            out.write(big);
            out.closeArchiveEntry();
        }
        BuildHttp.Response response = build(tar.toByteArray(), "t=acc-big");
        assertEquals(200, response.status(), response.text());
        assertNull(response.error(), response.output());
        assertTrue(response.output().contains("Successfully tagged acc-big:latest"), response.output());
    }

    @Test
    @Order(5)
    void errorsInDockersWords() throws Exception {
        BuildHttp.Response bad = build(context(Map.of("Dockerfile", "FROM busybox\nFROBNICATE x\n")), "t=acc-bad");
        assertEquals(400, bad.status(), bad.text());
        assertEquals("dockerfile parse error line 2: unknown instruction: FROBNICATE",
                MAPPER.readTree(bad.body()).path("message").asText());

        BuildHttp.Response failing = build(context(Map.of("Dockerfile", "FROM busybox\nRUN false\n")), "t=acc-fail&forcerm=1");
        assertEquals(200, failing.status());
        JsonNode error = failing.error();
        assertNotNull(error, failing.text());
        assertEquals("The command '/bin/sh -c false' returned a non-zero code: 1", error.path("error").asText());
        assertEquals(1, error.path("errorDetail").path("code").asInt());

        BuildHttp.Response missing = build(context(Map.of("Dockerfile", "FROM busybox\nCOPY nothere /x\n")), "");
        assertEquals("COPY failed: file not found in build context or excluded by .dockerignore: stat nothere: file does not exist",
                missing.error().path("error").asText());

        // a base that is not here is pulled, as Docker's builder does; an unreachable registry fails the build
        BuildHttp.Response pull = build(context(Map.of("Dockerfile", "FROM 127.0.0.1:9/nothing:1\n")), "");
        assertEquals(200, pull.status());
        assertNotNull(pull.error(), pull.text());
        assertTrue(pull.error().path("error").asText().contains("127.0.0.1:9"), pull.text());
        BuildHttp.Response forced = build(context(Map.of("Dockerfile", "FROM 127.0.0.1:9/nothing:1\n")), "pull=1");
        assertNotNull(forced.error(), forced.text());

        Path outside = services.settings.root().resolve("build").resolve("evil");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            add(out, "Dockerfile", "FROM busybox\n", 0644);
            add(out, "../evil", "escaped", 0644);
        }
        BuildHttp.Response traversal = build(tar.toByteArray(), "");
        assertEquals(400, traversal.status(), traversal.text());
        assertTrue(MAPPER.readTree(traversal.body()).path("message").asText().contains("outside of the context"), traversal.text());
        assertFalse(Files.exists(outside));
        assertEquals(0, Files.list(services.settings.root().resolve("build")).count(), "a refused context leaves nothing");
    }

    // ------------------------------------------------------------------ helpers

    private static BuildHttp.Response build(byte[] context, String query) throws IOException {
        return BuildHttp.call(socket, "POST", "/v1.41/build?" + query, context, "application/x-tar");
    }

    private static byte[] acceptanceContext(String app) throws IOException {
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(bundle))) {
            TarArchiveEntry dir = new TarArchiveEntry("inside/");
            dir.setModTime(1_700_000_000_000L); // the same bytes each time: the COPY's hash must not change
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            add(out, "inside/a.txt", "a-content\n", 0644);
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(tar))) {
            add(out, "Dockerfile", ACCEPTANCE, 0644);
            add(out, ".dockerignore", "ignored.txt\n", 0644);
            add(out, "app.py", app, 0644);
            add(out, "ignored.txt", "must not be copied\n", 0644);
            add(out, "sub/inner.txt", "inner\n", 0644);
            TarArchiveEntry entry = new TarArchiveEntry("bundle.tar.gz");
            entry.setSize(bundle.size());
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            out.write(bundle.toByteArray());
            out.closeArchiveEntry();
        }
        return tar.toByteArray();
    }

    private static byte[] context(Map<String, String> files) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            for (var file : files.entrySet()) {
                add(out, file.getKey(), file.getValue(), 0644);
            }
        }
        return tar.toByteArray();
    }

    private static void add(TarArchiveOutputStream out, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(mode);
        entry.setModTime(1_700_000_000_000L);
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }

    /** Runs a container of the image and answers its standard output. */
    private static String run(String image, List<String> entrypoint, List<String> cmd) throws Exception {
        ContainerConfig config = new ContainerConfig(null, null, null, false, true, true, null, false, false, false, null,
                cmd, image, null, null, entrypoint, Map.of(), null, null);
        Container container = containers.create(null, new CreateContainerRequest(config,
                HostConfig.defaults().withNetworkMode("none"), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CountDownLatch closed = new CountDownLatch(1);
        try (Attachment ignored = containers.attach(container.id(), new AttachOptions(false, true, true), new OutputSink() {
            @Override
            public void output(int stream, byte[] data) {
                if (stream == 1) {
                    out.writeBytes(data);
                } else {
                    System.err.print(new String(data, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void closed(Throwable error) {
                closed.countDown();
            }
        })) {
            containers.start(container.id());
            assertEquals(0, containers.waitFor(container.id(), WaitCondition.NOT_RUNNING).get(60, TimeUnit.SECONDS).statusCode());
            closed.await(10, TimeUnit.SECONDS);
        } finally {
            containers.remove(container.id(), true, true);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A file of an image, read through the archive API of a container never started. */
    private static String read(String image, String path) throws Exception {
        ContainerConfig config = new ContainerConfig(null, null, null, false, true, true, null, false, false, false, null,
                List.of("none"), image, null, null, null, Map.of(), null, null);
        Container container = containers.create(null, new CreateContainerRequest(config,
                HostConfig.defaults().withNetworkMode("none"), null));
        try (InputStream tar = containers.archive(container.id(), path); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            assertNotNull(in.getNextEntry());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            containers.remove(container.id(), true, true);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
