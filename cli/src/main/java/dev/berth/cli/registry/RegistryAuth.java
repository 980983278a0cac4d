package dev.berth.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.Json;
import dev.berth.image.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * The X-Registry-Auth header docker sends with pull and push: the stored credentials of the image's
 * registry (Docker Hub's are kept under {@value #INDEX_SERVER}) as AuthConfig JSON, base64url-encoded;
 * "{}" when there are none.
 */
public final class RegistryAuth {
    /** Docker Hub's key in the config file, and docker login's default server. */
    public static final String INDEX_SERVER = "https://index.docker.io/v1/";
    public static final String HEADER = "X-Registry-Auth";

    private RegistryAuth() {}

    /** The config-file key of a reference's registry: its host, or the index server for Docker Hub. */
    public static String configKey(ImageReference reference) {
        return reference.isDockerHub() ? INDEX_SERVER : reference.registry();
    }

    /** The header value for {@code reference}, from the config file in {@code env}'s place. */
    public static String header(ImageReference reference, Function<String, String> env) throws IOException {
        Path file = DockerConfig.location(env);
        return encode(DockerConfig.load(file).get(configKey(reference)));
    }

    /** AuthConfig's JSON with Go's omitempty fields, in its field order, base64url with padding as Go's URLEncoding. */
    public static String encode(Optional<StoredCredentials> stored) {
        ObjectNode json = Json.mapper().createObjectNode();
        stored.ifPresent(c -> {
            putIfSet(json, "username", c.username());
            putIfSet(json, "password", c.password());
            putIfSet(json, "serveraddress", c.serverAddress());
            putIfSet(json, "identitytoken", c.identityToken());
        });
        return Base64.getUrlEncoder().encodeToString(Json.bytes(json));
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null && !value.isEmpty()) {
            json.put(field, value);
        }
    }
}
