package dev.berth.registry.auth;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tokens by what they were asked for (realm, service, scopes, whose credentials), kept until they
 * expire, so a pull of many blobs fetches one token instead of one per request.
 */
public final class TokenCache {

    /** What a token was issued for; {@code identity} is a digest of the credentials, never the secret itself. */
    public record Key(String realm, String service, String scopes, String identity) { }

    private final ConcurrentMap<Key, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public Optional<BearerToken> get(Key key) {
        BearerToken token = tokens.get(key);
        if (token == null) {
            return Optional.empty();
        }
        if (!token.isValidAt(clock.instant())) {
            tokens.remove(key, token);
            return Optional.empty();
        }
        return Optional.of(token);
    }

    public void put(Key key, BearerToken token) {
        tokens.put(key, token);
    }

    /** Forgets a token the registry refused (revoked or expired early). */
    public void invalidate(Key key) {
        tokens.remove(key);
    }

    public int size() {
        return tokens.size();
    }
}
