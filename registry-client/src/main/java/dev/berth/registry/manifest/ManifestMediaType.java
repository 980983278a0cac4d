package dev.berth.registry.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.MediaTypes;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of manifest the registry sent: its Content-Type without parameters, or, when that is
 * missing or generic JSON, the document's own {@code mediaType} field (or OCI's shape: an index has
 * {@code manifests}, a manifest {@code config}).
 */
final class ManifestMediaType {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every kind Berth reads, indexes first, as Docker's Accept header lists them. */
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

    private ManifestMediaType() {
    }

    static String of(Optional<String> contentType, byte[] content) {
        String declared = contentType.map(ManifestMediaType::withoutParameters).orElse("");
        if (!declared.isEmpty() && !declared.equals("application/json") && !declared.equals("text/plain")
                && !declared.equals("application/octet-stream")) {
            return declared;
        }
        return fromDocument(content).orElse(declared.isEmpty() ? "application/json" : declared);
    }

    static String withoutParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> fromDocument(byte[] content) {
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            JsonNode mediaType = root.get("mediaType");
            if (mediaType != null && mediaType.isTextual() && !mediaType.asText().isEmpty()) {
                return Optional.of(mediaType.asText());
            }
            if (root.path("schemaVersion").asInt() == 1) {
                return Optional.of(root.has("signatures") ? MediaTypes.DOCKER_MANIFEST_V1_SIGNED : MediaTypes.DOCKER_MANIFEST_V1);
            }
            if (root.has("manifests")) {
                return Optional.of(MediaTypes.OCI_INDEX);
            }
            if (root.has("config")) {
                return Optional.of(MediaTypes.OCI_MANIFEST);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
