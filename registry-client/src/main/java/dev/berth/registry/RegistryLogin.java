package dev.berth.registry;

import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.HttpStatusText;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

/**
 * {@code docker login}'s check (moby's {@code loginV2}): ping {@code /v2/}, answer its challenge with
 * the given credentials (Basic, or a token fetched with them), and ping again. A registry without
 * auth accepts any login, as with Docker.
 */
final class RegistryLogin {

    private RegistryLogin() {
    }

    /**
     * @param transport a transport whose authorizer knows only these credentials and no challenge yet,
     *                  so the first ping goes out anonymously and learns how the registry authenticates
     */
    static LoginResult check(RegistryTransport transport) throws RegistryException {
        RegistryRequest ping = RegistryRequest.of("GET", transport.uri("/v2/"), Set.of());
        HttpResponse<InputStream> response = transport.send(ping);
        RegistryTransport.discard(response);
        int status = response.statusCode();
        if (status == 200) {
            return LoginResult.succeeded();
        }
        String endpoint = transport.uri("/v2/").toString();
        if (status == 404) {
            throw new RegistryException(Kind.REGISTRY_ERROR, status, List.of(), endpoint + " is not a registry v2 endpoint (404 Not Found)", null);
        }
        // moby's loginV2 words a refusal by its status alone
        throw new RegistryException(status == 401 ? Kind.UNAUTHORIZED : Kind.REGISTRY_ERROR, status, List.of(),
                "login attempt to " + endpoint + " failed with status: " + status + " " + HttpStatusText.of(status), null);
    }
}
