package dev.berth.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values only: nothing here is contacted. */
class RegistryEndpointTest {

    @Test
    void dockerHubIsServedFromRegistry1OverHttps() {
        for (String name : List.of("docker.io", "index.docker.io", "https://index.docker.io/v1/", "registry-1.docker.io")) {
            RegistryEndpoint endpoint = RegistryEndpoint.of(name, List.of());
            assertEquals("docker.io", endpoint.host());
            assertEquals(URI.create("https://registry-1.docker.io"), endpoint.baseUri());
            assertFalse(endpoint.insecure());
        }
    }

    @Test
    void loopbackRegistriesArePlainHttp() {
        for (String host : List.of("localhost:5000", "localhost", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000")) {
            RegistryEndpoint endpoint = RegistryEndpoint.of(host, List.of());
            assertTrue(endpoint.insecure(), host);
            assertEquals(URI.create("http://" + host), endpoint.baseUri());
        }
    }

    @Test
    void othersAreHttpsUnlessListedAsInsecure() {
        assertEquals(URI.create("https://registry.example.com:5000"), RegistryEndpoint.of("registry.example.com:5000", List.of()).baseUri());
        assertTrue(RegistryEndpoint.of("registry.example.com:5000", List.of("registry.example.com:5000")).insecure());
        assertTrue(RegistryEndpoint.of("registry.example.com:5000", List.of("registry.example.com")).insecure());
        assertTrue(RegistryEndpoint.of("10.1.2.3:5000", List.of("10.0.0.0/8")).insecure());
        assertFalse(RegistryEndpoint.of("11.1.2.3:5000", List.of("10.0.0.0/8")).insecure());
        assertFalse(RegistryEndpoint.of("registry.example.com", List.of("10.0.0.0/8")).insecure());
    }

    @Test
    void hostsAreNormalised() {
        assertEquals("localhost:5000", RegistryEndpoint.normalizeHost("http://localhost:5000/v2/"));
        assertEquals("quay.io", RegistryEndpoint.normalizeHost("Quay.io"));
    }
}
