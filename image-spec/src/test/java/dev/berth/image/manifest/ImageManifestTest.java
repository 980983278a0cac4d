package dev.berth.image.manifest;

import static dev.berth.image.Resources.bytes;
import static dev.berth.image.Resources.text;
import static dev.berth.image.Resources.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageManifestTest {
    private final byte[] dockerManifest = bytes("busybox-manifest-docker.json");
    private final byte[] ociManifest = bytes("oci-manifest.json");

    @Test
    void readsADockerSchema2Manifest() {
        ImageManifest manifest = ImageManifest.parse(dockerManifest);
        assertEquals(2, manifest.schemaVersion());
        assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        byte[] config = bytes("busybox-config-docker.json");
        assertEquals(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.of(config), config.length), manifest.config());
        assertEquals(1, manifest.layers().size());
        assertEquals(MediaTypes.DOCKER_LAYER_TAR_GZIP, manifest.layers().get(0).mediaType());
        assertEquals(2591575, manifest.layers().get(0).size());
        assertArrayEquals(dockerManifest, manifest.bytes());
        assertEquals(Digest.of(dockerManifest), manifest.digest());
        assertEquals(tree(dockerManifest), tree(manifest.toJson()));
    }

    @Test
    void anOciManifestRoundTripsByteForByteKeepingUnknownFields() {
        ImageManifest manifest = ImageManifest.parse(ociManifest);
        assertEquals(text(ociManifest), text(manifest.toJson()));
        assertEquals(Map.of("org.opencontainers.image.created", "2024-09-26T21:31:42Z"), manifest.annotations());
        assertEquals("two", manifest.layers().get(1).annotations().get("org.example.layer"));
        assertEquals(MediaTypes.OCI_LAYER_TAR_ZSTD, manifest.layers().get(1).mediaType());
        assertEquals(List.of("x-berth-test"), List.copyOf(manifest.unknownFields().keySet()));
    }

    @Test
    void unknownFieldsCannotBeChangedFromOutside() {
        ImageManifest manifest = ImageManifest.parse(ociManifest);
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.unknownFields().get("x-berth-test")).set("kept", IntNode.valueOf(0));
        assertEquals(text(ociManifest), text(manifest.toJson()));
    }

    @Test
    void aChangeDropsTheOriginalBytesAndChangesTheDigest() {
        ImageManifest manifest = ImageManifest.parse(ociManifest);
        ImageManifest annotated = manifest.toBuilder().annotation("org.example", "x").build();
        assertFalse(annotated.hasOriginalBytes());
        assertNotEquals(manifest.digest(), annotated.digest());
        assertEquals(Digest.of(annotated.toJson()), annotated.digest());
        assertTrue(text(annotated.toJson()).endsWith(
                "\"annotations\":{\"org.example\":\"x\",\"org.opencontainers.image.created\":\"2024-09-26T21:31:42Z\"},"
                        + "\"x-berth-test\":{\"kept\":[1,2,3]}}"), "maps sorted as Go writes them, unknown fields last");
        assertEquals(manifest, ImageManifest.parse(ociManifest), "equal documents have equal bytes");
        assertNotEquals(manifest, annotated);
    }

    @Test
    void buildsManifestsAsDockerAndOciWriteThem() {
        byte[] configBytes = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor config = Descriptor.of(MediaTypes.DOCKER_CONFIG, configBytes);
        Descriptor layer = Descriptor.of(MediaTypes.DOCKER_LAYER_TAR_GZIP, Digest.of(new byte[] {1}), 1234);
        ImageManifest docker = ImageManifest.docker(config, List.of(layer));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + Digest.of(configBytes)
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\""
                + layer.digest() + "\",\"size\":1234}]}", text(docker.toJson()));
        ImageManifest oci = ImageManifest.oci(config.withMediaType(MediaTypes.OCI_CONFIG), List.of());
        assertEquals(MediaTypes.OCI_MANIFEST, oci.mediaType());
        assertEquals(MediaTypes.OCI_MANIFEST, oci.descriptor().mediaType());
        assertEquals(oci.size(), oci.descriptor().size());
        assertThrows(InvalidDocumentException.class, () -> ImageManifest.builder().build());
    }

    @Test
    void rejectsInvalidManifests() {
        String digest = Digest.of(new byte[0]).toString();
        assertMessage("invalid image manifest: config: is required", "{\"schemaVersion\":2,\"layers\":[]}");
        assertMessage("invalid image manifest: config.size: must not be negative",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\",\"size\":-5}}");
        assertMessage("invalid image manifest: config.size: is required",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\"}}");
        assertMessage("invalid image manifest: config.digest: is required", "{\"schemaVersion\":2,\"config\":{\"size\":1}}");
        assertMessage("invalid image manifest: layers[1].digest: invalid checksum digest length",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\",\"size\":1},\"layers\":[{\"digest\":\""
                        + digest + "\",\"size\":1},{\"digest\":\"sha256:abcd\",\"size\":1}]}");
        assertMessage("invalid image manifest: layers[0].size: expected an integer",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\",\"size\":1},\"layers\":[{\"digest\":\""
                        + digest + "\",\"size\":\"12\"}]}");
        assertMessage("invalid image manifest: layers: expected an array",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\",\"size\":1},\"layers\":{}}");
        assertMessage("invalid image manifest: mediaType: unexpected media type application/vnd.docker.distribution.manifest.list.v2+json for an image manifest",
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}");
        assertMessage("invalid image manifest: not a JSON object", "[]");
        assertTrue(assertThrows(InvalidDocumentException.class, () -> ImageManifest.parse("{\"schemaVersion\":".getBytes(StandardCharsets.UTF_8)))
                .getMessage().startsWith("invalid image manifest: not valid JSON"));
        assertTrue(assertThrows(InvalidDocumentException.class, () -> ImageManifest.parse("{} {}".getBytes(StandardCharsets.UTF_8)))
                .getMessage().startsWith("invalid image manifest: not valid JSON"));
    }

    @Test
    void aNegativeSizeCannotBeBuiltEither() {
        assertThrows(InvalidDocumentException.class, () -> Descriptor.of(MediaTypes.OCI_LAYER_TAR, Digest.of(new byte[0]), -1));
    }

    @Test
    void manifestDocumentsTellManifestsFromIndexes() {
        assertInstanceOf(ImageManifest.class, ManifestDocuments.parse(ociManifest, "application/vnd.oci.image.manifest.v1+json", null));
        assertInstanceOf(ImageManifest.class, ManifestDocuments.parse(dockerManifest, "application/json", Digest.of(dockerManifest)));
        assertInstanceOf(ImageIndex.class, ManifestDocuments.parse(bytes("busybox-manifest-list.json"), null, null));
        assertInstanceOf(ImageIndex.class, ManifestDocuments.parse(
                "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8), null, null));
        assertEquals("Docker Image manifest version 2, schema 1 is no longer supported: application/vnd.docker.distribution.manifest.v1+prettyjws",
                assertThrows(InvalidDocumentException.class, () -> ManifestDocuments.parse(ociManifest,
                        "application/vnd.docker.distribution.manifest.v1+prettyjws", null)).getMessage());
        assertThrows(InvalidDocumentException.class, () -> ManifestDocuments.parse(ociManifest, null, Digest.of(new byte[0])));
    }

    private static void assertMessage(String message, String json) {
        assertEquals(message, assertThrows(InvalidDocumentException.class,
                () -> ImageManifest.parse(json.getBytes(StandardCharsets.UTF_8))).getMessage());
    }
}
