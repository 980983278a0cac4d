package dev.berth.registry.auth;

import java.time.Instant;

/** A registry token and when it stops being usable; {@code refreshToken} is the identity token a login may return. */
public record BearerToken(String token, Instant expiresAt, String refreshToken) {

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "BearerToken[expiresAt=" + expiresAt + "]";
    }
}
