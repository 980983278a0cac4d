package dev.berth.gateway.distribution;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.registry.RegistryException;

/**
 * A registry failure met before the response began, as moby's errdefs give it a status: what the
 * registry does not have (or denies, which reads "pull access denied") is 404, the rest 500. Never
 * 401: the docker CLI answers a 401 to pull by prompting for a login.
 */
final class RegistryFailures {
    private RegistryFailures() {}

    static DockerApiException toApi(RegistryException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND, DENIED -> 404;
            default -> 500;
        };
        return new DockerApiException(status, e.getMessage(), e);
    }
}
