package dev.berth.registry.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The caller's credentials per registry host, keyed by the host as written in image references
 * ({@code docker.io}, {@code localhost:5000}). The gateway builds one per request from X-Registry-Auth.
 */
@FunctionalInterface
public interface CredentialProvider {

    Optional<Credentials> credentialsFor(String registryHost);

    static CredentialProvider none() {
        return host -> Optional.empty();
    }

    static CredentialProvider of(Map<String, Credentials> byHost) {
        Map<String, Credentials> copy = Map.copyOf(byHost);
        return host -> Optional.ofNullable(copy.get(host));
    }

    static CredentialProvider forHost(String host, Credentials credentials) {
        return of(Map.of(host, credentials));
    }
}
