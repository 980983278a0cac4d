package dev.berth.image.manifest;

import static dev.berth.image.Resources.bytes;
import static dev.berth.image.Resources.text;
import static dev.berth.image.Resources.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.MediaTypes;
import dev.berth.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageIndexTest {
    private final byte[] manifestList = bytes("busybox-manifest-list.json");
    private final byte[] ociIndex = bytes("oci-index-attestations.json");

    @Test
    void readsADockerManifestList() {
        ImageIndex index = ImageIndex.parse(manifestList);
        assertEquals(2, index.schemaVersion());
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, index.mediaType());
        assertEquals(10, index.manifests().size());
        Descriptor first = index.manifests().get(0);
        assertEquals(MediaTypes.DOCKER_MANIFEST, first.mediaType());
        assertEquals(528, first.size());
        assertEquals(Platform.of("linux", "amd64"), first.platform());
        assertEquals(Platform.of("linux", "arm", "v7"), index.manifests().get(3).platform());
        assertEquals(List.of("linux/amd64", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8",
                        "linux/386", "linux/mips64le", "linux/ppc64le", "linux/riscv64", "linux/s390x"),
                index.platforms().stream().map(Platform::toString).toList());
    }

    @Test
    void keepsTheOriginalBytesAndTheirDigest() {
        ImageIndex index = ImageIndex.parse(manifestList);
        assertTrue(index.hasOriginalBytes());
        assertArrayEquals(manifestList, index.bytes());
        assertEquals(Digest.of(manifestList), index.digest());
        assertEquals(manifestList.length, index.size());
        assertEquals(Descriptor.of(MediaTypes.DOCKER_MANIFEST_LIST, Digest.of(manifestList), manifestList.length),
                index.descriptor());
    }

    @Test
    void writesCompactlyInStructOrderLosingNothing() {
        ImageIndex index = ImageIndex.parse(manifestList);
        byte[] written = index.toJson();
        assertEquals(tree(manifestList), tree(written));
        assertTrue(text(written).startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST
                + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"sha256:"), text(written));
        assertFalse(text(written).contains(" "));
        assertEquals(index.manifests(), ImageIndex.parse(written).manifests());
    }

    @Test
    void aCompactOciIndexRoundTripsByteForByte() {
        ImageIndex index = ImageIndex.parse(ociIndex);
        assertEquals(text(ociIndex), text(index.toJson()));
    }

    @Test
    void keepsUnknownAndEmptyFieldsOfAPlatform() {
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + Digest.of(new byte[0]) + "\",\"size\":7,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"variant\":\"\",\"features\":[\"sse4\"]},\"data\":\"e30=\"}]}";
        ImageIndex index = ImageIndex.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(json, text(index.toJson()));
        Descriptor entry = index.manifests().get(0);
        assertEquals(List.of("variant", "features"), List.copyOf(entry.platformUnknownFields().keySet()));
        assertEquals(List.of("data"), List.copyOf(entry.unknownFields().keySet()));
        assertEquals("{\"architecture\":\"arm64\",\"os\":\"linux\"}",
                entry.withPlatform(Platform.of("linux", "arm64")).toJsonNode().get("platform").toString(),
                "a new platform drops the old one's fields");
    }

    @Test
    void selectsTheManifestForAPlatform() {
        ImageIndex index = ImageIndex.parse(manifestList);
        assertEquals(index.manifests().get(0), index.select(Platform.parse("linux/amd64")).orElseThrow());
        assertEquals(index.manifests().get(0), index.select(Platform.of("linux", "x86_64")).orElseThrow());
        assertEquals(index.manifests().get(4), index.select(Platform.parse("linux/arm64")).orElseThrow());
        assertEquals(index.manifests().get(4), index.select(Platform.of("linux", "aarch64")).orElseThrow());
        assertEquals(index.manifests().get(3), index.select(Platform.parse("linux/arm")).orElseThrow());
        assertEquals(index.manifests().get(2), index.select(Platform.parse("linux/arm/v6")).orElseThrow());
        assertEquals(index.manifests().get(5), index.select(Platform.parse("linux/i386")).orElseThrow());
        assertTrue(index.select(Platform.parse("windows/amd64")).isEmpty());
    }

    @Test
    void attestationsAreNeverSelected() {
        ImageIndex index = ImageIndex.parse(ociIndex);
        assertEquals(4, index.manifests().size());
        assertEquals("attestation-manifest", index.manifests().get(2).annotations().get("vnd.docker.reference.type"));
        assertEquals(index.manifests().get(1), index.select(Platform.parse("linux/arm64/v8")).orElseThrow());
        assertTrue(index.select(Platform.parse("linux/s390x")).isEmpty());
    }

    @Test
    void anEntryWithoutPlatformIsTheFallback() {
        Descriptor any = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {1}), 1);
        ImageIndex index = ImageIndex.builder().addManifest(any).build();
        assertEquals(any, index.select(Platform.parse("linux/riscv64")).orElseThrow());
    }

    @Test
    void buildsAnIndex() {
        Descriptor amd64 = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {1}), 1)
                .withPlatform(Platform.parse("linux/amd64"));
        ImageIndex index = ImageIndex.builder().addManifest(amd64).annotation("b", "2").annotation("a", "1").build();
        assertFalse(index.hasOriginalBytes());
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + amd64.digest()
                + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}],"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}", text(index.toJson()));
        assertEquals(Digest.of(index.toJson()), index.digest());
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}",
                text(ImageIndex.builder().build().toJson()), "manifests is required, so written even when empty");
    }

    @Test
    void toBuilderMakesAChangedCopyWithoutTheOriginalBytes() {
        ImageIndex index = ImageIndex.parse(ociIndex);
        ImageIndex onlyImages = index.toBuilder().manifests(index.manifests().subList(0, 2)).build();
        assertFalse(onlyImages.hasOriginalBytes());
        assertEquals(2, onlyImages.manifests().size());
        assertEquals(4, index.manifests().size());
    }

    @Test
    void rejectsInvalidIndexes() {
        assertMessage("invalid image index: manifests: is required", "{\"schemaVersion\":2}");
        assertMessage("invalid image index: schemaVersion: is required", "{\"manifests\":[]}");
        assertMessage("invalid image index: schemaVersion: unsupported schema version 1 (only 2 is supported)",
                "{\"schemaVersion\":1,\"manifests\":[]}");
        assertMessage("invalid image index: mediaType: unexpected media type application/vnd.oci.image.manifest.v1+json for an image index",
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}");
        assertMessage("invalid image index: manifests[0].digest: invalid checksum digest format",
                "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:" + "Z".repeat(64) + "\",\"size\":1}]}");
        assertMessage("invalid image index: manifests[0].size: must not be negative",
                "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + Digest.of(new byte[0]) + "\",\"size\":-1}]}");
        assertMessage("invalid image index: manifests[0].platform.os: expected a string",
                "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + Digest.of(new byte[0]) + "\",\"size\":1,\"platform\":{\"os\":1}}]}");
    }

    @Test
    void checksTheDigestItWasFetchedBy() {
        assertEquals(Digest.of(manifestList), ImageIndex.parse(manifestList, Digest.of(manifestList)).digest());
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> ImageIndex.parse(manifestList, Digest.of(new byte[0])));
        assertTrue(e.getMessage().startsWith("invalid image index: digest mismatch: expected " + Digest.of(new byte[0])));
    }

    private static void assertMessage(String message, String json) {
        assertEquals(message, assertThrows(InvalidDocumentException.class,
                () -> ImageIndex.parse(json.getBytes(StandardCharsets.UTF_8))).getMessage());
    }
}
