package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    @Test
    void tokensLiveUntilTheyExpire() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        TokenCache cache = new TokenCache(clock);
        TokenCache.Key key = new TokenCache.Key("realm", "svc", "repository:a:pull", "");
        cache.put(key, new BearerToken("t", now.get().plusSeconds(60), null));
        assertEquals("Bearer t", cache.get(key).orElseThrow().authorization());
        assertTrue(cache.get(new TokenCache.Key("realm", "svc", "repository:a:pull,push", "")).isEmpty());
        now.set(now.get().plusSeconds(61));
        assertTrue(cache.get(key).isEmpty());
        assertEquals(0, cache.size());
    }
}
