package dev.berth.registry;

import static dev.berth.registry.testing.FakeServer.respond;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.registry.auth.CredentialProvider;
import dev.berth.registry.auth.Credentials;
import dev.berth.registry.blob.VerifiedBlobStream;
import dev.berth.registry.testing.FakeServer;
import dev.berth.registry.testing.RegistryServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What real registries rarely do, played by a fake one on loopback: bad bytes, drops, redirects, odd errors. */
class FakeRegistryTest {

    private static final byte[] GOOD = "the layer the digest names".getBytes(StandardCharsets.UTF_8);
    private static final Digest GOOD_DIGEST = Digest.of(GOOD);

    private static RegistryRepository repo(RegistryClient client, FakeServer server) {
        return client.repository(ImageReference.parseRepository(server.host() + "/fake/repo"));
    }

    @Test
    void blobWhoseBytesAreNotItsDigestIsRefused() throws IOException {
        try (FakeServer server = new FakeServer(ex -> respond(ex, 200, "tampered bytes".getBytes(StandardCharsets.UTF_8)))) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            try (VerifiedBlobStream in = repo.blobs().open(GOOD_DIGEST, -1)) {
                RegistryException e = assertThrows(RegistryException.class, in::readAllBytes);
                assertEquals(RegistryException.Kind.INVALID_CONTENT, e.kind());
                assertTrue(e.getMessage().startsWith("filesystem layer verification failed for digest " + GOOD_DIGEST), e.getMessage());
            }
            assertThrows(RegistryException.class, () -> repo.blobs().readAll(GOOD_DIGEST, -1, 1000));
        }
    }

    @Test
    void blobOfTheWrongSizeIsRefused() throws IOException {
        try (FakeServer server = new FakeServer(ex -> respond(ex, 200, GOOD))) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            RegistryException e = assertThrows(RegistryException.class, () -> repo.blobs().readAll(GOOD_DIGEST, GOOD.length + 1, 1000));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void manifestWhoseDigestHeaderLiesIsRefused() throws IOException {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}".getBytes(StandardCharsets.UTF_8);
        Digest other = Digest.of("not the manifest".getBytes(StandardCharsets.UTF_8));
        try (FakeServer server = new FakeServer(ex -> respond(ex, 200, manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", other.toString()))) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            RegistryException byTag = assertThrows(RegistryException.class, () -> repo.manifests().get("latest"));
            assertEquals(RegistryException.Kind.INVALID_CONTENT, byTag.kind());
            assertTrue(byTag.getMessage().startsWith("manifest verification failed for digest " + other), byTag.getMessage());
            assertThrows(RegistryException.class, () -> repo.manifests().get(other));
        }
    }

    @Test
    void manifestWithoutContentTypeIsKnownByItsMediaTypeField() throws IOException {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        try (FakeServer server = new FakeServer(ex -> respond(ex, 200, manifest, "Content-Type", "application/json; charset=utf-8"))) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            var fetched = repo.manifests().get("latest");
            assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, fetched.mediaType());
            assertEquals(Digest.of(manifest), fetched.digest());
            assertTrue(server.seen().getFirst().headers().get("Accept").getFirst().contains(MediaTypes.OCI_INDEX));
        }
    }

    @Test
    void droppedDownloadResumesWithRange() throws IOException {
        byte[] blob = new byte[200_000];
        new Random(7).nextBytes(blob);
        Digest digest = Digest.of(blob);
        AtomicInteger requests = new AtomicInteger();
        try (FakeServer server = new FakeServer(ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            if (requests.incrementAndGet() == 1) {
                // promise the whole blob, send a part, drop the connection
                ex.sendResponseHeaders(200, blob.length);
                OutputStream out = ex.getResponseBody();
                out.write(blob, 0, 70_000);
                out.flush();
                return; // FakeServer closes the exchange short of its length: the connection drops
            }
            long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
            byte[] rest = Arrays.copyOfRange(blob, (int) from, blob.length);
            respond(ex, 206, rest, "Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length);
        })) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            try (VerifiedBlobStream in = repo.blobs().open(digest, blob.length)) {
                assertArrayEquals(blob, in.readAllBytes());
            }
            assertEquals(2, requests.get());
            assertTrue(server.seen().get(1).headers().get("Range").getFirst().matches("bytes=\\d+-"));
        }
    }

    @Test
    void redirectedBlobIsFetchedWithoutTheRegistrysCredentials() throws IOException {
        try (FakeServer cdn = new FakeServer(ex -> respond(ex, 200, GOOD));
             FakeServer registry = new FakeServer(ex -> {
                 if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                     respond(ex, 401, new byte[0], "WWW-Authenticate", "Basic realm=\"fake\"");
                 } else {
                     respond(ex, 307, new byte[0], "Location", "http://" + cdn.host() + "/blobs/somewhere?signed=1");
                 }
             })) {
            RegistryClient client = RegistryClient.builder()
                    .credentials(CredentialProvider.forHost(registry.host(), Credentials.basic("u", "p"))).build();
            assertArrayEquals(GOOD, repo(client, registry).blobs().readAll(GOOD_DIGEST, GOOD.length, 1000));
            assertEquals("/blobs/somewhere?signed=1", cdn.seen().getFirst().target());
            assertNull(cdn.seen().getFirst().authorization(), "credentials must not follow a redirect to another host");
            assertEquals(Credentials.basic("u", "p").basicAuthorization(), registry.seen().getLast().authorization());
        }
    }

    @Test
    void tagPagesAreFollowedThroughLinkHeaders() throws IOException {
        try (FakeServer server = new FakeServer(ex -> {
            String query = ex.getRequestURI().getQuery();
            if (query != null && query.contains("last=b")) {
                respond(ex, 200, "{\"name\":\"fake/repo\",\"tags\":[\"c\"]}".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(ex, 200, "{\"name\":\"fake/repo\",\"tags\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8),
                        "Link", "</v2/fake/repo/tags/list?n=2&last=b>; rel=\"next\"");
            }
        })) {
            assertEquals(List.of("a", "b", "c"), repo(RegistryClient.builder().build(), server).tags().list(2));
            assertEquals("/v2/fake/repo/tags/list?n=2", server.seen().getFirst().target());
        }
    }

    @Test
    void registryErrorsAreParsedAndWordedAsDocker() throws IOException {
        byte[] two = """
                {"errors":[{"code":"DENIED","message":"requested access to the resource is denied"},
                           {"code":"NAME_INVALID","message":"invalid repository name","detail":{"name":"x"}}]}"""
                .getBytes(StandardCharsets.UTF_8);
        try (FakeServer server = new FakeServer(ex -> {
            if (ex.getRequestURI().getPath().endsWith("/tags/list")) {
                respond(ex, 403, two, "Content-Type", "application/json");
            } else if (ex.getRequestURI().getPath().contains("/manifests/")) {
                respond(ex, 403, two, "Content-Type", "application/json");
            } else {
                respond(ex, 500, "<html>oops</html>".getBytes(StandardCharsets.UTF_8));
            }
        })) {
            RegistryRepository repo = repo(RegistryClient.builder().build(), server);
            RegistryException tags = assertThrows(RegistryException.class, () -> repo.tags().list());
            assertEquals(RegistryException.Kind.DENIED, tags.kind());
            assertEquals(2, tags.errors().size());
            assertEquals("x", tags.errors().get(1).detail().get("name").asText());
            assertEquals("denied: requested access to the resource is denied", tags.getMessage());
            assertEquals("name invalid: invalid repository name", tags.errors().get(1).toString());

            RegistryException pull = assertThrows(RegistryException.class, () -> repo.manifests().get("latest"));
            assertEquals("pull access denied for " + server.host() + "/fake/repo, repository does not exist or may require"
                    + " 'docker login': denied: requested access to the resource is denied", pull.getMessage());

            RegistryException blob = assertThrows(RegistryException.class, () -> repo.blobs().open(GOOD_DIGEST, -1));
            assertEquals(RegistryException.Kind.REGISTRY_ERROR, blob.kind());
            assertEquals("error parsing HTTP 500 response body: <html>oops</html>", blob.getMessage());
        }
    }

    @Test
    void connectionRefusedNamesTheRegistry() throws IOException {
        String host = "127.0.0.1:" + RegistryServer.freePort(); // nothing listens there
        RegistryClient client = RegistryClient.builder().build();
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.repository(ImageReference.parse(host + "/app")).manifests().get("latest"));
        assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("Get \"http://" + host + "/v2/app/manifests/latest\": dial tcp " + host
                + ": connect: connection refused"), e.getMessage());
        RegistryException login = assertThrows(RegistryException.class, () -> client.checkLogin(host, Credentials.basic("a", "b")));
        assertTrue(login.getMessage().contains(host), login.getMessage());
    }
}
