package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerAuthConfigTest {

    private static String header(String json, Base64.Encoder encoder) {
        return encoder.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesWhatTheDockerCliSends() {
        String json = "{\"username\":\"u\",\"password\":\"p?>\",\"serveraddress\":\"https://index.docker.io/v1/\"}";
        DockerAuthConfig config = DockerAuthConfig.fromHeader(header(json, Base64.getUrlEncoder()));
        assertEquals("u", config.username());
        assertEquals("docker.io", config.registryHost());
        assertEquals(Credentials.basic("u", "p?>").basicAuthorization(), config.credentials().basicAuthorization());
        assertTrue(config.provider().credentialsFor("docker.io").isPresent());
        assertTrue(config.provider().credentialsFor("localhost:5000").isEmpty());
    }

    @Test
    void acceptsStandardAlphabetAndMissingPadding() {
        String json = "{\"username\":\"u\",\"password\":\"p?>\",\"serveraddress\":\"localhost:5000\"}";
        assertEquals("p?>", DockerAuthConfig.fromHeader(header(json, Base64.getEncoder())).password());
        assertEquals("p?>", DockerAuthConfig.fromHeader(header(json, Base64.getUrlEncoder().withoutPadding())).password());
    }

    @Test
    void identityTokenAndLegacyAuthField() {
        String json = "{\"auth\":\"" + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8))
                + "\",\"identitytoken\":\"refresh\",\"serveraddress\":\"http://127.0.0.1:5000\",\"email\":\"x@y\"}";
        DockerAuthConfig config = DockerAuthConfig.fromJson(json.getBytes(StandardCharsets.UTF_8));
        Credentials credentials = config.credentials();
        assertEquals("bob", credentials.username());
        assertEquals("pw", credentials.password());
        assertEquals("refresh", credentials.identityToken());
        assertEquals("127.0.0.1:5000", config.registryHost());
    }

    @Test
    void emptyHeaderIsAnonymousAndGarbageIsRefused() {
        assertNull(DockerAuthConfig.fromHeader(null).username());
        assertTrue(DockerAuthConfig.fromHeader("").credentials().isEmpty());
        assertTrue(DockerAuthConfig.fromHeader(header("{}", Base64.getUrlEncoder())).credentials().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DockerAuthConfig.fromHeader("not*base64"));
        assertTrue(e.getMessage().startsWith("invalid X-Registry-Auth header"), e.getMessage());
    }

    @Test
    void roundTripsThroughItsHeader() {
        DockerAuthConfig config = new DockerAuthConfig("u", "p", null, null, "localhost:5000", null, null);
        assertEquals(config, DockerAuthConfig.fromHeader(config.toHeader()));
        assertTrue(!config.toString().contains("p]") && !config.credentials().toString().contains("password"));
    }
}
