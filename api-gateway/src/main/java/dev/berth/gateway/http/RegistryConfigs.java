package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * POST /build's X-Registry-Config (base64url JSON: registry address -> auth config, what the docker CLI
 * sends from its config file) turned into the X-Registry-Auth of one image's registry, what a pull takes.
 */
final class RegistryConfigs {
    private RegistryConfigs() {}

    /** The entry for the image's registry, base64url-encoded; empty when there is none. */
    static String authFor(String header, String image) {
        if (header == null || header.isBlank()) {
            return "";
        }
        JsonNode configs;
        try {
            configs = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_')));
        } catch (Exception e) {
            return "";
        }
        String domain;
        try {
            domain = ImageReference.parse(image).registry();
        } catch (IllegalArgumentException e) {
            return "";
        }
        List<String> keys = domain.equals(ImageReference.DEFAULT_REGISTRY)
                ? List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io")
                : List.of(domain, "https://" + domain, "http://" + domain, "https://" + domain + "/v2/", "http://" + domain + "/v2/");
        for (String key : keys) {
            JsonNode entry = configs == null ? null : configs.get(key);
            if (entry != null && entry.isObject()) {
                return Base64.getUrlEncoder().encodeToString(entry.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return "";
    }
}
