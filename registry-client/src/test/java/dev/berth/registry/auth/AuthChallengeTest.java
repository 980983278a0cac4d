package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void bearerWithQuotedParameters() {
        List<AuthChallenge> parsed = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertEquals(List.of(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/busybox:pull"))), parsed);
    }

    @Test
    void severalChallengesAndTokensWithoutQuotes() {
        List<AuthChallenge> parsed = AuthChallenge.parse("Basic realm=x, Bearer realm=\"r\", error=\"insufficient_scope\"");
        assertEquals(2, parsed.size());
        assertTrue(parsed.get(0).isBasic());
        assertEquals("x", parsed.get(0).parameter("realm").orElseThrow());
        assertEquals("insufficient_scope", parsed.get(1).parameter("error").orElseThrow());
        assertTrue(AuthChallenge.preferred(parsed).orElseThrow().isBearer());
    }

    @Test
    void escapedQuotesAndCommasInsideQuotes() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"a\\\"b\",scope=\"repository:a:pull,push\"").getFirst();
        assertEquals("a\"b", c.parameter("realm").orElseThrow());
        assertEquals("repository:a:pull,push", c.parameter("scope").orElseThrow());
    }

    @Test
    void emptyOrMissingHeaders() {
        assertEquals(List.of(), AuthChallenge.parse(null));
        assertEquals(List.of(), AuthChallenge.parse(""));
        assertEquals("basic", AuthChallenge.parse("BASIC").getFirst().scheme());
    }
}
