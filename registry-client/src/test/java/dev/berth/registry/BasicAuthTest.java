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
import dev.berth.registry.auth.DockerAuthConfig;
import dev.berth.registry.testing.RegistryServer;
import dev.berth.registry.testing.TestImage;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic auth against the real docker-registry with an htpasswd file. */
class BasicAuthTest {

    private static RegistryServer registry;
    private static RegistryClient anonymous;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryServer.withHtpasswd("berth", "s3cret");
        anonymous = RegistryClient.builder().build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryRepository repo(RegistryClient client, String name) {
        return client.repository(ImageReference.parseRepository(registry.host() + "/" + name));
    }

    @Test
    void credentialsFromTheDockerHeaderPushAndPull() throws IOException {
        String header = new DockerAuthConfig("berth", "s3cret", null, null, registry.host(), null, null).toHeader();
        RegistryClient client = anonymous.withCredentials(DockerAuthConfig.fromHeader(header).provider());
        TestImage image = TestImage.create(11, 5000, MediaTypes.OCI_MANIFEST);
        RegistryRepository repo = repo(client, "private/app");
        PushPullTest.push(repo, image, "1.0");
        assertArrayEquals(image.manifest(), repo.manifests().get("1.0").content());
        assertArrayEquals(image.layer(), repo.blobs().readAll(image.layerDigest(), image.layer().length, 1 << 20));
    }

    @Test
    void withoutCredentialsDockerSaysSo() {
        RegistryException e = assertThrows(RegistryException.class, () -> repo(anonymous, "private/app").manifests().get("1.0"));
        assertEquals("no basic auth credentials", e.getMessage());
        assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
    }

    @Test
    void wrongPasswordIsTheRegistrysUnauthorized() {
        RegistryClient client = anonymous.withCredentials(CredentialProvider.forHost(registry.host(), Credentials.basic("berth", "wrong")));
        RegistryException e = assertThrows(RegistryException.class, () -> repo(client, "private/app").tags().list());
        assertEquals("unauthorized: authentication required", e.getMessage());
        assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(401, e.statusCode());
        assertTrue(e.hasErrorCode(RegistryError.UNAUTHORIZED));
    }

    @Test
    void loginSucceedsOrReportsDockersFailure() throws IOException {
        assertEquals(LoginResult.SUCCEEDED, anonymous.checkLogin(registry.host(), Credentials.basic("berth", "s3cret")).status());
        RegistryException e = assertThrows(RegistryException.class,
                () -> anonymous.checkLogin(registry.host(), Credentials.basic("berth", "nope")));
        assertEquals("login attempt to http://" + registry.host() + "/v2/ failed with status: 401 Unauthorized", e.getMessage());
        assertEquals(RegistryException.Kind.UNAUTHORIZED, e.kind());
    }

    @Test
    void pingAnswersTheBasicChallenge() throws IOException {
        AuthChallenge challenge = anonymous.ping(registry.host()).orElseThrow();
        assertTrue(challenge.isBasic());
        assertEquals("berth-test", challenge.parameter("realm").orElseThrow());
    }
}
