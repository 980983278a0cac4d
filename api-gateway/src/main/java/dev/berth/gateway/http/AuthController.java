package dev.berth.gateway.http;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.registry.LoginResult;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import dev.berth.registry.auth.DockerAuthConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * POST /auth (docker login): the credentials are checked against the registry, never stored here
 * (the client keeps them). A refusal is 401 with the registry's words, as moby answers it.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AuthController {
    private final RegistryClient registries;

    public AuthController(RegistryClient registries) {
        this.registries = registries;
    }

    @Post("/auth")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> login(@Nullable @Body byte[] body) {
        DockerAuthConfig config;
        try {
            config = DockerAuthConfig.fromJson(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            throw DockerApiException.badRequest("invalid JSON body: " + e.getMessage());
        }
        try {
            LoginResult result = registries.checkLogin(config.registryHost(), config.credentials());
            return Json.ok(Json.object().put("Status", result.status()).put("IdentityToken", result.identityToken()));
        } catch (RegistryException e) {
            int status = e.kind() == RegistryException.Kind.UNAUTHORIZED || e.kind() == RegistryException.Kind.DENIED ? 401 : 500;
            throw new DockerApiException(status, e.getMessage(), e);
        }
    }
}
