package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.image.manifest.Descriptor;
import dev.berth.registry.blob.BlobUploader.Outcome;
import dev.berth.registry.blob.VerifiedBlobStream;
import dev.berth.registry.manifest.RegistryManifest;
import dev.berth.registry.testing.RegistryServer;
import dev.berth.registry.testing.TestImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Push and pull against the real docker-registry on loopback, without auth. */
class PushPullTest {

    private static RegistryServer registry;
    private static RegistryClient client;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryServer.open();
        // a small chunk size so blobs bigger than it take the PATCH path
        client = RegistryClient.builder().chunkSize(64 * 1024).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryRepository repo(String name) {
        return client.repository(ImageReference.parseRepository(registry.host() + "/" + name));
    }

    static void push(RegistryRepository repo, TestImage image, String tag) throws IOException {
        repo.uploads().push(image.configDigest(), image.config().length, () -> new ByteArrayInputStream(image.config()), Optional.empty());
        repo.uploads().push(image.layerDigest(), image.layer().length, () -> new ByteArrayInputStream(image.layer()), Optional.empty());
        Digest pushed = repo.manifests().put(tag, image.manifest(), image.manifestMediaType());
        assertEquals(image.manifestDigest(), pushed);
    }

    @Test
    void pushedImagePullsBackByteIdentical() throws IOException {
        TestImage image = TestImage.create(1, 300 * 1024, MediaTypes.OCI_MANIFEST); // layer > chunk: chunked upload
        RegistryRepository repo = repo("berth/roundtrip");
        push(repo, image, "v1");

        RegistryManifest byTag = repo.manifests().get("v1");
        assertArrayEquals(image.manifest(), byTag.content());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());
        assertEquals(image.manifestDigest(), byTag.digest());
        RegistryManifest byDigest = repo.manifests().get(image.manifestDigest());
        assertArrayEquals(image.manifest(), byDigest.content());

        Descriptor head = repo.manifests().head("v1").orElseThrow();
        assertEquals(Descriptor.of(MediaTypes.OCI_MANIFEST, image.manifestDigest(), image.manifest().length), head);

        assertArrayEquals(image.config(), repo.blobs().readAll(image.configDigest(), image.config().length, 1 << 20));
        try (VerifiedBlobStream in = repo.blobs().open(image.layerDigest(), image.layer().length)) {
            assertArrayEquals(image.layer(), in.readAllBytes());
        }
        assertEquals(OptionalLong.of(image.layer().length), repo.blobs().stat(image.layerDigest()));
        // the layer is bigger than a chunk: it went up in PATCHes (the registry's access log says so)
        assertTrue(Files.readString(registry.log()).contains("\"PATCH /v2/berth/roundtrip/blobs/uploads/"));
    }

    @Test
    void dockerSchema2ManifestKeepsItsMediaType() throws IOException {
        TestImage image = TestImage.create(2, 1000, MediaTypes.DOCKER_MANIFEST); // one PUT: smaller than a chunk
        RegistryRepository repo = repo("berth/docker-schema2");
        push(repo, image, "latest");
        RegistryManifest pulled = repo.manifests().get("latest");
        assertEquals(MediaTypes.DOCKER_MANIFEST, pulled.mediaType());
        assertArrayEquals(image.manifest(), pulled.content());
    }

    @Test
    void secondPushFindsBlobsPresent() throws IOException {
        TestImage image = TestImage.create(3, 1000, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo("berth/again");
        push(repo, image, "one");
        assertEquals(Outcome.ALREADY_PRESENT, repo.uploads().push(image.layerDigest(), image.layer().length,
                () -> { throw new AssertionError("content must not be read when the registry has the blob"); }, Optional.empty()));
    }

    @Test
    void tagsAreListed() throws IOException {
        TestImage image = TestImage.create(4, 1000, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo("berth/tags");
        for (String tag : List.of("b", "a", "c")) {
            push(repo, image, tag);
        }
        // distribution 2.8 lists in storage order and ignores n (paging is tested in FakeRegistryTest)
        assertEquals(List.of("a", "b", "c"), repo.tags().list().stream().sorted().toList());
        assertEquals(List.of("a", "b", "c"), repo.tags().list(1).stream().sorted().toList());
    }

    @Test
    void blobIsMountedFromAnotherRepository() throws IOException {
        TestImage image = TestImage.create(5, 2000, MediaTypes.OCI_MANIFEST);
        RegistryRepository source = repo("berth/mount-source");
        push(source, image, "latest");
        RegistryRepository target = repo("berth/mount-target");
        Outcome outcome = target.uploads().push(image.layerDigest(), image.layer().length,
                () -> { throw new AssertionError("a mounted blob is not uploaded"); }, Optional.of("berth/mount-source"));
        assertEquals(Outcome.MOUNTED, outcome);
        assertTrue(target.blobs().stat(image.layerDigest()).isPresent());
    }

    @Test
    void mountFromARepositoryWithoutTheBlobFallsBackToUpload() throws IOException {
        TestImage image = TestImage.create(6, 2000, MediaTypes.OCI_MANIFEST);
        RegistryRepository target = repo("berth/mount-fallback");
        Outcome outcome = target.uploads().push(image.layerDigest(), image.layer().length,
                () -> new ByteArrayInputStream(image.layer()), Optional.of("berth/nowhere"));
        assertEquals(Outcome.UPLOADED, outcome);
        assertEquals(OptionalLong.of(image.layer().length), target.blobs().stat(image.layerDigest()));
    }

    @Test
    void unknownTagIsDockersManifestUnknown() throws IOException {
        TestImage image = TestImage.create(7, 100, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo("berth/unknown");
        push(repo, image, "exists");
        RegistryException e = assertThrows(RegistryException.class, () -> repo.manifests().get("missing"));
        assertEquals("manifest for " + registry.host() + "/berth/unknown:missing not found: manifest unknown: manifest unknown",
                e.getMessage());
        assertEquals(RegistryException.Kind.NOT_FOUND, e.kind());
        assertEquals(404, e.statusCode());
        assertTrue(e.hasErrorCode(RegistryError.MANIFEST_UNKNOWN));
        assertEquals(Optional.empty(), repo.manifests().head("missing"));
    }

    @Test
    void unknownRepositoryIsNotFound() {
        RegistryException e = assertThrows(RegistryException.class, () -> repo("berth/never-pushed").manifests().get("latest"));
        assertEquals(RegistryException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void unknownBlobIsNotFound() throws IOException {
        RegistryRepository repo = repo("berth/unknown");
        Digest absent = Digest.of("absent".getBytes());
        assertEquals(OptionalLong.empty(), repo.blobs().stat(absent));
        RegistryException e = assertThrows(RegistryException.class, () -> repo.blobs().open(absent, -1));
        assertEquals(RegistryException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith("blob unknown: "), e.getMessage());
    }

    @Test
    void contentThatIsNotItsDigestIsNotPushed() throws IOException {
        RegistryRepository repo = repo("berth/bad-push");
        byte[] claimed = "what the digest says".getBytes();
        byte[] actual = "something else entirely".getBytes();
        RegistryException e = assertThrows(RegistryException.class, () -> repo.uploads().push(Digest.of(claimed),
                claimed.length, () -> new ByteArrayInputStream(actual), Optional.empty()));
        assertEquals(RegistryException.Kind.INVALID_CONTENT, e.kind());
        assertFalse(repo.blobs().stat(Digest.of(claimed)).isPresent());
        assertFalse(repo.blobs().stat(Digest.of(actual)).isPresent());
    }

    @Test
    void manifestPushedByDigestAndDeleted() throws IOException {
        TestImage image = TestImage.create(8, 100, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo("berth/by-digest");
        repo.uploads().push(image.configDigest(), image.config().length, () -> new ByteArrayInputStream(image.config()), Optional.empty());
        repo.uploads().push(image.layerDigest(), image.layer().length, () -> new ByteArrayInputStream(image.layer()), Optional.empty());
        assertEquals(image.manifestDigest(), repo.manifests().put(image.manifestDigest().toString(), image.manifest(), image.manifestMediaType()));
        assertTrue(repo.manifests().head(image.manifestDigest().toString()).isPresent());
        assertTrue(repo.manifests().delete(image.manifestDigest()));
        assertFalse(repo.manifests().head(image.manifestDigest().toString()).isPresent());
    }

    @Test
    void emptyBlobUploads() throws IOException {
        RegistryRepository repo = repo("berth/empty");
        byte[] empty = new byte[0];
        assertEquals(Outcome.UPLOADED, repo.uploads().push(Digest.of(empty), 0, () -> InputStream.nullInputStream(), Optional.empty()));
        assertArrayEquals(empty, repo.blobs().readAll(Digest.of(empty), 0, 10));
    }

    @Test
    void openRegistryNeedsNoLoginAndAcceptsAny() throws IOException {
        assertEquals(Optional.empty(), client.ping(registry.host()));
        assertEquals(LoginResult.SUCCEEDED, client.checkLogin(registry.host(), dev.berth.registry.auth.Credentials.basic("any", "thing")).status());
    }
}
