package dev.berth.image.config;

import static dev.berth.image.Resources.bytes;
import static dev.berth.image.Resources.text;
import static dev.berth.image.Resources.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    private final byte[] dockerConfig = bytes("busybox-config-docker.json");
    private final byte[] buildkitConfig = bytes("buildkit-config-oci.json");

    @Test
    void readsADockerConfig() {
        ImageConfig config = ImageConfig.parse(dockerConfig);
        assertEquals(Platform.of("linux", "amd64"), config.platform());
        assertEquals(OffsetDateTime.of(2023, 7, 18, 23, 19, 33, 655005962, ZoneOffset.UTC), config.created());
        assertEquals("20.10.23", config.dockerVersion());
        assertEquals("ba0968e0f4d4f0e0f2ef1bdd4e0d2b5fd29e5eba6d12a3f4c5c1c1a2b4a5d6e7", config.container());
        assertEquals(List.of("sh"), config.config().cmd());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), config.config().env());
        assertEquals(List.of(), config.config().entrypoint());
        assertEquals(List.of("/bin/sh", "-c", "#(nop) ", "CMD [\"sh\"]"), config.containerConfig().cmd());
        assertEquals(List.of(Digest.parse("sha256:3d24ee258efc3bfe4066a1a9fb83febf6dc0b1548dfe896161533668281c9f4f")),
                config.diffIds());
        assertEquals(config.diffIds().get(0), config.chainId());
        assertEquals(2, config.history().size());
        assertTrue(config.history().get(1).emptyLayer());
        assertEquals("/bin/sh -c #(nop)  CMD [\"sh\"]", config.history().get(1).createdBy());
        assertEquals("", config.author());
    }

    @Test
    void aDockerConfigRoundTripsByteForByte() {
        ImageConfig config = ImageConfig.parse(dockerConfig);
        // Docker's own fields (Hostname, Tty, Image, "Volumes":null...) are kept and written in their place.
        assertEquals(text(dockerConfig), text(config.toJson()));
        assertArrayEquals(dockerConfig, config.bytes());
        assertEquals(Digest.of(dockerConfig), config.digest());
        assertEquals(config.digest(), ImageConfig.parse(config.toJson()).digest());
    }

    @Test
    void readsABuildkitConfigWithEveryRunDefault() {
        ImageConfig config = ImageConfig.parse(buildkitConfig);
        ContainerConfig run = config.config();
        assertEquals(Platform.of("linux", "arm64", "v8"), config.platform());
        assertEquals("app", run.user());
        assertEquals(Set.of("8080/tcp", "9090/udp"), run.exposedPorts());
        assertEquals(List.of("/docker-entrypoint.sh"), run.entrypoint());
        assertEquals(List.of("serve", "--port", "8080"), run.cmd());
        assertEquals(Set.of("/data"), run.volumes());
        assertEquals("/srv/app", run.workingDir());
        assertEquals("ops <ops@example.com>", run.labels().get("maintainer"));
        assertEquals("SIGTERM", run.stopSignal());
        assertTrue(run.argsEscaped());
        assertEquals(List.of("RUN echo child"), run.onBuild());
        assertEquals(List.of("/bin/sh", "-c"), run.shell());
        Healthcheck health = run.healthcheck();
        assertEquals(List.of("CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"), health.test());
        assertEquals(Duration.ofSeconds(30), health.interval());
        assertEquals(Duration.ofSeconds(5), health.timeout());
        assertEquals(Duration.ofSeconds(10), health.startPeriod());
        assertEquals(Duration.ZERO, health.startInterval());
        assertEquals(3, health.retries());
        assertEquals("RUN /bin/sh -c apk add --no-cache curl && rm -rf /var/cache/apk # buildkit",
                config.history().get(1).createdBy());
        assertEquals("buildkit.dockerfile.v0", config.history().get(0).comment());
        assertEquals(ChainId.of(config.diffIds()), config.chainId());
        assertTrue(config.unknownFields().containsKey("moby.buildkit.buildinfo.v1"));
    }

    @Test
    void aBuildkitConfigIsWrittenBackWithNothingLost() {
        ImageConfig config = ImageConfig.parse(buildkitConfig);
        byte[] written = config.toJson();
        assertEquals(tree(buildkitConfig), tree(written));
        String json = text(written);
        assertTrue(json.contains("\"created_by\":\"RUN /bin/sh -c apk add --no-cache curl \\u0026\\u0026 rm -rf"), json);
        assertTrue(json.contains("\"maintainer\":\"ops \\u003cops@example.com\\u003e\""), json);
        assertTrue(json.contains("\"created\":\"2024-09-26T21:31:42.5Z\""), json);
        assertTrue(json.contains("\"moby.buildkit.buildinfo.v1\":\"eyJmcm9udGVuZCI6ImRvY2tlcmZpbGUudjAifQ==\""), json);
        assertArrayEquals(buildkitConfig, config.bytes(), "the original bytes, hence the image id, are kept");
    }

    @Test
    void buildsAConfigAsDockerWritesIt() {
        Digest layer = Digest.parse("sha256:3d24ee258efc3bfe4066a1a9fb83febf6dc0b1548dfe896161533668281c9f4f");
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 30, 1, 2, 3, 400_000_000, ZoneOffset.UTC);
        ImageConfig config = ImageConfig.builder()
                .platform(Platform.parse("linux/amd64"))
                .created(created)
                .config(ContainerConfig.builder()
                        .env(List.of("PATH=/bin"))
                        .cmd(List.of("sh", "-c", "true && false"))
                        .exposePort("80/tcp")
                        .label("b", "2").label("a", "1")
                        .healthcheck(Healthcheck.of(List.of("CMD", "true"), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 0))
                        .build())
                .rootfs(RootFs.of(List.of(layer)))
                .history(List.of(History.of(created, "/bin/sh -c #(nop) ADD file:x in / ", false)))
                .build();
        assertEquals("{\"architecture\":\"amd64\",\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"PATH=/bin\"],"
                + "\"Cmd\":[\"sh\",\"-c\",\"true \\u0026\\u0026 false\"],\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],"
                + "\"Interval\":1000000000},\"Labels\":{\"a\":\"1\",\"b\":\"2\"}},\"created\":\"2026-11-30T01:02:03.4Z\","
                + "\"history\":[{\"created\":\"2026-11-30T01:02:03.4Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:x in / \"}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer + "\"]}}", text(config.toJson()));
        assertEquals(Digest.of(config.toJson()), config.digest());
        assertFalse(config.hasOriginalBytes());
        assertEquals(config, ImageConfig.parse(config.toJson()), "what is written reads back to the same bytes");
    }

    @Test
    void withersChangeOneThing() {
        ImageConfig config = ImageConfig.parse(dockerConfig);
        ImageConfig changed = config.withConfig(config.config().toBuilder().cmd(List.of("echo", "hi")).user("nobody").build());
        assertEquals(List.of("echo", "hi"), changed.config().cmd());
        assertEquals("nobody", changed.config().user());
        assertEquals(List.of("sh"), config.config().cmd());
        String json = text(changed.toJson());
        assertTrue(json.contains("\"config\":{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"nobody\",\"AttachStdin\":false"), json);
        assertTrue(json.contains("\"Cmd\":[\"echo\",\"hi\"],\"Image\":"), json);
        ImageConfig moreHistory = config.withHistory(List.of(config.history().get(0).withComment("squashed")));
        assertEquals("squashed", moreHistory.history().get(0).comment());
        ImageConfig moreLayers = config.withRootfs(config.rootfs().withDiffIds(List.of()));
        assertNull(moreLayers.chainId());
    }

    @Test
    void anEmptyConfigIsAnEmptyObject() {
        assertEquals("{\"rootfs\":{\"type\":\"layers\"}}", text(ImageConfig.builder().build().toJson()));
        ImageConfig read = ImageConfig.parse("{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{}", text(read.toJson()), "no rootfs is invented for a document that had none");
        assertEquals(List.of(), read.diffIds());
        assertTrue(read.config().isEmpty());
        assertNull(read.created());
    }

    @Test
    void rejectsInvalidConfigs() {
        assertMessage("invalid image config: rootfs.diff_ids[1]: invalid checksum digest length",
                "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(new byte[0]) + "\",\"sha256:00\"]}}");
        assertMessage("invalid image config: created: not an RFC 3339 time: yesterday", "{\"created\":\"yesterday\"}");
        assertMessage("invalid image config: history[0].created: not an RFC 3339 time: 2024", "{\"history\":[{\"created\":\"2024\"}]}");
        assertMessage("invalid image config: config.Env: expected an array", "{\"config\":{\"Env\":\"PATH=/bin\"}}");
        assertMessage("invalid image config: config.Env[1]: expected a string", "{\"config\":{\"Env\":[\"A=1\",2]}}");
        assertMessage("invalid image config: config.Labels.a: expected a string", "{\"config\":{\"Labels\":{\"a\":1}}}");
        assertMessage("invalid image config: config.Healthcheck.Interval: must not be negative",
                "{\"config\":{\"Healthcheck\":{\"Interval\":-1}}}");
        assertMessage("invalid image config: history[0]: expected a JSON object", "{\"history\":[\"x\"]}");
        assertMessage("invalid image config: architecture: expected a string", "{\"architecture\":64}");
    }

    @Test
    void keepsUnknownFieldsInNestedObjects() {
        String json = "{\"config\":{\"Env\":[\"A=1\"],\"Healthcheck\":{\"Test\":[\"NONE\"],\"X\":1},\"Y\":true},"
                + "\"history\":[{\"created_by\":\"x\",\"z\":[]}],\"rootfs\":{\"type\":\"layers\",\"w\":\"v\"}}";
        ImageConfig config = ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("Y", com.fasterxml.jackson.databind.node.BooleanNode.TRUE), config.config().unknownFields());
        assertEquals(tree(json.getBytes(StandardCharsets.UTF_8)), tree(config.toJson()));
        assertEquals(json, text(config.toJson()));
    }

    private static void assertMessage(String message, String json) {
        assertEquals(message, assertThrows(InvalidDocumentException.class,
                () -> ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8))).getMessage());
    }
}
