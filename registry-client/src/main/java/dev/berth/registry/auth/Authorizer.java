package dev.berth.registry.auth;

import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides the {@code Authorization} header of a request to a registry host. A host's challenge is
 * learnt from its first 401 (or the /v2/ ping) and remembered, so later requests are authorized up
 * front; Bearer tokens come from the {@link TokenCache} or the {@link TokenClient}.
 */
public final class Authorizer {

    private final ConcurrentMap<String, AuthChallenge> challenges; // by host; shared, they are public
    private final TokenCache tokens;
    private final TokenClient tokenClient;
    private final CredentialProvider credentials;

    public Authorizer(ConcurrentMap<String, AuthChallenge> challenges, TokenCache tokens, TokenClient tokenClient,
                      CredentialProvider credentials) {
        this.challenges = challenges;
        this.tokens = tokens;
        this.tokenClient = tokenClient;
        this.credentials = credentials;
    }

    public static ConcurrentMap<String, AuthChallenge> newChallengeMap() {
        return new ConcurrentHashMap<>();
    }

    /** The header for a request, if this host is known to want one; empty means "try anonymously". */
    public Optional<String> authorization(String host, Set<String> scopes) throws RegistryException {
        AuthChallenge challenge = challenges.get(host);
        return challenge == null ? Optional.empty() : authorize(host, challenge, scopes, false);
    }

    /**
     * Learns the host's challenge from a 401 and answers the header to retry with, or empty if there
     * is nothing better to send than what was sent ({@code sent}), so the 401 stands.
     */
    public Optional<String> onUnauthorized(String host, String wwwAuthenticate, Set<String> scopes, Optional<String> sent)
            throws RegistryException {
        List<AuthChallenge> offered = AuthChallenge.parse(wwwAuthenticate);
        Optional<AuthChallenge> preferred = AuthChallenge.preferred(offered);
        if (preferred.isEmpty()) {
            return Optional.empty();
        }
        AuthChallenge challenge = preferred.get();
        challenges.put(host, challenge);
        Set<String> wanted = new TreeSet<>(scopes);
        challenge.parameter("scope").ifPresent(s -> wanted.addAll(List.of(s.split(" "))));
        Optional<String> retry = authorize(host, challenge, wanted, sent.isPresent());
        return retry.equals(sent) ? Optional.empty() : retry;
    }

    private Optional<String> authorize(String host, AuthChallenge challenge, Set<String> scopes, boolean refresh)
            throws RegistryException {
        Credentials creds = credentials.credentialsFor(host).orElse(null);
        if (challenge.isBasic()) {
            if (creds == null || !creds.hasPassword()) {
                // Docker's words when a Basic registry gets no credentials
                throw new RegistryException(Kind.UNAUTHORIZED, 401, List.of(), "no basic auth credentials", null);
            }
            return Optional.of(creds.basicAuthorization());
        }
        if (!challenge.isBearer()) {
            return Optional.empty();
        }
        if (creds != null && creds.registryToken() != null) {
            return Optional.of("Bearer " + creds.registryToken());
        }
        TokenCache.Key key = key(challenge, scopes, creds);
        if (refresh) {
            tokens.invalidate(key);
        } else {
            Optional<BearerToken> cached = tokens.get(key);
            if (cached.isPresent()) {
                return Optional.of(cached.get().authorization());
            }
        }
        BearerToken token = tokenClient.fetch(challenge, scopes, creds, false);
        tokens.put(key, token);
        return Optional.of(token.authorization());
    }

    private static TokenCache.Key key(AuthChallenge challenge, Set<String> scopes, Credentials creds) {
        return new TokenCache.Key(challenge.parameter("realm").orElse(""), challenge.parameter("service").orElse(""),
                String.join(" ", new TreeSet<>(scopes)), identity(creds));
    }

    /** Tokens are per credentials: a digest of them keys the cache, so the secret is not kept twice. */
    private static String identity(Credentials creds) {
        if (creds == null || creds.isEmpty()) {
            return "";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {creds.username(), creds.password(), creds.identityToken()}) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
