package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.Platform;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a blob is (media type), its digest and size, and optionally
 * where else to fetch it, annotations, and the platform of the manifest it points to. Unknown
 * fields (e.g. {@code data}) are kept and written back. Absent strings are "".
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
                         Map<String, String> annotations, Platform platform, String artifactType,
                         Map<String, JsonNode> unknownFields, Map<String, JsonNode> platformUnknownFields) {

    public Descriptor {
        mediaType = Objects.requireNonNullElse(mediaType, "");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new InvalidDocumentException("descriptor size must not be negative: " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        artifactType = Objects.requireNonNullElse(artifactType, "");
        unknownFields = GoJson.copyFields(unknownFields);
        platformUnknownFields = platform == null ? Map.of() : GoJson.copyFields(platformUnknownFields);
    }

    public Descriptor(String mediaType, Digest digest, long size, List<String> urls, Map<String, String> annotations,
                      Platform platform, String artifactType) {
        this(mediaType, digest, size, urls, annotations, platform, artifactType, Map.of(), Map.of());
    }

    /** Fields this type does not know, as read; a copy, so the descriptor stays immutable. */
    @Override
    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    /** The platform object's fields this type does not model (e.g. the deprecated "features"), as read. */
    @Override
    public Map<String, JsonNode> platformUnknownFields() {
        return GoJson.copyFields(platformUnknownFields);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, "");
    }

    /** The descriptor of {@code content}: its sha256 digest and length. */
    public static Descriptor of(String mediaType, byte[] content) {
        return of(mediaType, Digest.of(content), content.length);
    }

    /** With {@code platform} (null: none) in place of the platform and its unknown fields. */
    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, unknownFields, Map.of());
    }

    public Descriptor withAnnotations(Map<String, String> annotations) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, unknownFields,
                platformUnknownFields);
    }

    public Descriptor withMediaType(String mediaType) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, unknownFields,
                platformUnknownFields);
    }

    public Descriptor withUrls(List<String> urls) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, unknownFields,
                platformUnknownFields);
    }

    /** Reads a descriptor; the digest and size are required, the size must not be negative. */
    public static Descriptor read(JsonFields fields) {
        String mediaType = fields.string("mediaType");
        Digest digest = fields.requiredDigest("digest");
        long size = fields.requiredLong("size");
        if (size < 0) {
            throw fields.invalid("size", "must not be negative");
        }
        List<String> urls = fields.strings("urls");
        Map<String, String> annotations = fields.stringMap("annotations");
        JsonFields platform = fields.object("platform");
        String artifactType = fields.string("artifactType");
        return new Descriptor(mediaType, digest, size, urls, annotations,
                platform == null ? null : PlatformJson.read(platform), artifactType, fields.unknown(),
                platform == null ? Map.of() : platform.unknown());
    }

    /** In the field order of image-spec's Descriptor struct. */
    public ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .string("mediaType", mediaType)
                .string("digest", digest)
                .numberAlways("size", size)
                .strings("urls", urls)
                .stringMap("annotations", annotations)
                .node("platform", platform == null ? null : PlatformJson.write(platform, platformUnknownFields))
                .string("artifactType", artifactType)
                .unknown()
                .build();
    }

}
