package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.JsonDocument;
import dev.berth.image.MediaTypes;
import dev.berth.image.json.GoJson;

/**
 * Reads what a registry returns for a manifest reference, which may be an image manifest or an
 * index: the Content-Type decides, or failing that the document's own mediaType, or its shape.
 */
public final class ManifestDocuments {
    private ManifestDocuments() {}

    /**
     * An {@link ImageManifest} or an {@link ImageIndex}. {@code contentType} may be null or
     * generic ("application/json"); {@code expected} (may be null) is checked against the bytes.
     */
    public static JsonDocument parse(byte[] json, String contentType, Digest expected) {
        String declared = mediaTypeOf(contentType);
        if (declared.isEmpty()) {
            ObjectNode node = GoJson.readObject(json, "manifest");
            declared = node.path("mediaType").asText("");
            if (declared.isEmpty()) {
                declared = node.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
            }
        }
        if (MediaTypes.isIndex(declared)) {
            return ImageIndex.parse(json, expected);
        }
        if (MediaTypes.isManifest(declared)) {
            return ImageManifest.parse(json, expected);
        }
        if (declared.equals(MediaTypes.DOCKER_MANIFEST_V1) || declared.equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)) {
            throw new InvalidDocumentException("Docker Image manifest version 2, schema 1 is no longer supported: "
                    + declared);
        }
        throw new InvalidDocumentException("unsupported manifest media type " + declared);
    }

    /** The media type of a Content-Type header value, without parameters; "" when generic or absent. */
    private static String mediaTypeOf(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
        return type.equals("application/json") || type.equals("text/plain") ? "" : type;
    }
}
