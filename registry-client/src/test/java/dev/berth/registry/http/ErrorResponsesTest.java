package dev.berth.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void errorsBodyInDockersWords() {
        RegistryException e = ErrorResponses.toException(404, null,
                bytes("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}"));
        assertEquals("manifest unknown: manifest unknown", e.getMessage());
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("x", e.errors().getFirst().detail().get("Tag").asText());
    }

    @Test
    void insufficientScopeChallengeIsDenied() {
        RegistryException e = ErrorResponses.toException(401, "Bearer realm=\"r\",error=\"insufficient_scope\"",
                bytes("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
        assertEquals("denied: requested access to the resource is denied", e.getMessage());
        assertEquals(Kind.DENIED, e.kind());
        assertEquals(2, e.errors().size());
    }

    @Test
    void legacyDetailsAndBareStatuses() {
        assertEquals("unauthorized: incorrect username or password",
                ErrorResponses.toException(401, null, bytes("{\"details\":\"incorrect username or password\"}")).getMessage());
        assertEquals("unauthorized: authentication required", ErrorResponses.toException(401, null, new byte[0]).getMessage());
        assertEquals("received unexpected HTTP status: 502 Bad Gateway", ErrorResponses.toException(502, null, new byte[0]).getMessage());
        assertEquals(Kind.TOO_MANY_REQUESTS, ErrorResponses.toException(429, null, bytes("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}")).kind());
    }
}
