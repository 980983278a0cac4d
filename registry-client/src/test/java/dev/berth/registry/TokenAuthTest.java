package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.registry.auth.AuthChallenge;
import dev.berth.registry.auth.CredentialProvider;
import dev.berth.registry.auth.Credentials;
import dev.berth.registry.blob.BlobUploader.Outcome;
import dev.berth.registry.testing.RegistryServer;
import dev.berth.registry.testing.TestImage;
import dev.berth.registry.testing.TokenServer;
import dev.berth.registry.testing.TokenServer.User;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token auth against the real docker-registry, with tokens from a test token server on loopback. */
class TokenAuthTest {

    private static TokenServer tokens;
    private static RegistryServer registry;
    private static RegistryClient shared;

    @BeforeAll
    static void start() throws IOException {
        tokens = new TokenServer(Map.of(
                "alice", new User("wonderland", Set.of("pull", "push")),
                "bob", new User("builder", Set.of("pull"))));
        registry = RegistryServer.withTokenAuth(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificate());
        shared = RegistryClient.builder().build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static RegistryClient as(String user, String password) {
        return shared.withCredentials(CredentialProvider.forHost(registry.host(), Credentials.basic(user, password)));
    }

    private static RegistryRepository repo(RegistryClient client, String name) {
        return client.repository(ImageReference.parseRepository(registry.host() + "/" + name));
    }

    @Test
    void userWithPushRightsPushesAndPullsWithCachedTokens() throws IOException {
        // its own client and token server view: count only this test's token requests
        RegistryClient alice = RegistryClient.builder()
                .credentials(CredentialProvider.forHost(registry.host(), Credentials.basic("alice", "wonderland"))).build();
        int before = tokens.scopesAsked().size();
        TestImage image = TestImage.create(21, 20_000, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo(alice, "team/app");
        PushPullTest.push(repo, image, "1.0");
        assertArrayEquals(image.manifest(), repo.manifests().get("1.0").content());
        assertArrayEquals(image.layer(), repo.blobs().readAll(image.layerDigest(), image.layer().length, 1 << 20));
        assertEquals(List.of("1.0"), repo.tags().list());

        List<String> asked = tokens.scopesAsked().subList(before, tokens.scopesAsked().size());
        // about fifteen requests, but one token per scope: the cache answers the rest
        assertEquals(new HashSet<>(asked).size(), asked.size(), "a scope's token was fetched twice: " + asked);
        assertTrue(asked.size() <= 2, asked.toString());
    }

    @Test
    void anonymousPullOfAPrivateRepositoryIsDockersPullAccessDenied() throws IOException {
        TestImage image = TestImage.create(22, 100, MediaTypes.OCI_MANIFEST);
        PushPullTest.push(repo(as("alice", "wonderland"), "team/secret"), image, "latest");
        RegistryException e = assertThrows(RegistryException.class, () -> repo(shared, "team/secret").manifests().get("latest"));
        assertEquals("pull access denied for " + registry.host() + "/team/secret, repository does not exist or may require"
                + " 'docker login': denied: requested access to the resource is denied", e.getMessage());
        assertEquals(RegistryException.Kind.DENIED, e.kind());
    }

    @Test
    void anonymousPullOfAPublicRepositoryWorks() throws IOException {
        TestImage image = TestImage.create(23, 100, MediaTypes.DOCKER_MANIFEST);
        PushPullTest.push(repo(as("alice", "wonderland"), "public/base"), image, "latest");
        assertArrayEquals(image.manifest(), repo(shared, "public/base").manifests().get("latest").content());
    }

    @Test
    void pushWithoutPushRightsIsDenied() throws IOException {
        TestImage image = TestImage.create(24, 100, MediaTypes.OCI_MANIFEST);
        RegistryException e = assertThrows(RegistryException.class, () -> PushPullTest.push(repo(as("bob", "builder"), "team/bobs"), image, "x"));
        assertEquals("denied: requested access to the resource is denied", e.getMessage());
        assertEquals(RegistryException.Kind.DENIED, e.kind());
    }

    @Test
    void wrongPasswordIsTheTokenServersRefusal() {
        RegistryException e = assertThrows(RegistryException.class, () -> repo(as("alice", "guess"), "team/app").tags().list());
        assertEquals("unauthorized: incorrect username or password", e.getMessage());
        assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
    }

    @Test
    void loginFetchesATokenWithTheCredentials() throws IOException {
        assertEquals(LoginResult.SUCCEEDED, shared.checkLogin(registry.host(), Credentials.basic("alice", "wonderland")).status());
        RegistryException e = assertThrows(RegistryException.class,
                () -> shared.checkLogin(registry.host(), Credentials.basic("alice", "guess")));
        assertEquals("unauthorized: incorrect username or password", e.getMessage());
    }

    @Test
    void identityTokenIsTradedThroughTheOAuthGrant() throws IOException {
        RegistryClient withIdentity = shared.withCredentials(CredentialProvider.forHost(registry.host(),
                new Credentials("alice", null, "alice-refresh", null)));
        TestImage image = TestImage.create(26, 100, MediaTypes.OCI_MANIFEST);
        PushPullTest.push(repo(withIdentity, "team/oauth"), image, "latest");
        assertArrayEquals(image.manifest(), repo(withIdentity, "team/oauth").manifests().get("latest").content());
        RegistryClient badIdentity = shared.withCredentials(CredentialProvider.forHost(registry.host(),
                new Credentials("alice", null, "stolen", null)));
        RegistryException e = assertThrows(RegistryException.class, () -> repo(badIdentity, "team/oauth").tags().list());
        assertEquals("unauthorized: invalid refresh token", e.getMessage());
    }

    @Test
    void pingAnswersTheBearerChallenge() throws IOException {
        AuthChallenge challenge = shared.ping(registry.host()).orElseThrow();
        assertTrue(challenge.isBearer());
        assertEquals(tokens.realm(), challenge.parameter("realm").orElseThrow());
        assertEquals(TokenServer.SERVICE, challenge.parameter("service").orElseThrow());
    }

    @Test
    void blobIsMountedAcrossRepositoriesWithATokenForBoth() throws IOException {
        RegistryClient alice = as("alice", "wonderland");
        TestImage image = TestImage.create(25, 3000, MediaTypes.OCI_MANIFEST);
        PushPullTest.push(repo(alice, "team/mount-from"), image, "latest");
        assertEquals(Outcome.MOUNTED, repo(alice, "team/mount-to").uploads().push(image.layerDigest(), image.layer().length,
                () -> { throw new AssertionError("not uploaded when mounted"); }, Optional.of("team/mount-from")));
    }
}
