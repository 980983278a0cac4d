package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.JsonDocument;
import dev.berth.image.MediaTypes;
import dev.berth.image.Platform;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image index or a Docker manifest list: manifests by platform. Immutable; change it with
 * {@link #toBuilder()}.
 */
public final class ImageIndex extends JsonDocument {
    static final String WHAT = "image index";

    private final int schemaVersion;
    private final String mediaType;
    private final String artifactType;
    private final List<Descriptor> manifests;
    private final Descriptor subject;
    private final Map<String, String> annotations;
    private final Map<String, JsonNode> unknownFields;

    private ImageIndex(Builder builder, byte[] original) {
        super(original);
        this.schemaVersion = builder.schemaVersion;
        this.mediaType = Objects.requireNonNullElse(builder.mediaType, "");
        this.artifactType = Objects.requireNonNullElse(builder.artifactType, "");
        this.manifests = List.copyOf(builder.manifests);
        this.subject = builder.subject;
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.annotations));
        this.unknownFields = GoJson.copyFields(builder.unknownFields);
    }

    public static ImageIndex parse(byte[] json) {
        return parse(json, null);
    }

    /** Reads an index fetched by {@code expected} digest, and checks that the bytes are what it names. */
    public static ImageIndex parse(byte[] json, Digest expected) {
        verifyDigest(json, expected, WHAT);
        JsonFields fields = JsonFields.of(GoJson.readObject(json, WHAT), WHAT, "");
        Builder builder = builder();
        builder.schemaVersion = fields.intValue("schemaVersion");
        DescriptorLists.checkSchemaVersion(fields, builder.schemaVersion);
        builder.mediaType = fields.string("mediaType");
        if (!builder.mediaType.isEmpty() && !MediaTypes.isIndex(builder.mediaType)) {
            throw fields.invalid("mediaType", "unexpected media type " + builder.mediaType + " for an image index");
        }
        if (!fields.has("manifests")) {
            throw fields.invalid("manifests", "is required");
        }
        builder.artifactType = fields.string("artifactType");
        builder.manifests = DescriptorLists.read(fields, "manifests");
        builder.subject = DescriptorLists.readOne(fields, "subject");
        builder.annotations = fields.stringMap("annotations");
        builder.unknownFields = fields.unknown();
        return new ImageIndex(builder, json);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.schemaVersion = schemaVersion;
        builder.mediaType = mediaType;
        builder.artifactType = artifactType;
        builder.manifests = new ArrayList<>(manifests);
        builder.subject = subject;
        builder.annotations = new LinkedHashMap<>(annotations);
        builder.unknownFields = unknownFields;
        return builder;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String mediaType() {
        return mediaType;
    }

    public String artifactType() {
        return artifactType;
    }

    public List<Descriptor> manifests() {
        return manifests;
    }

    public Descriptor subject() {
        return subject;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    /**
     * The manifest for {@code platform}: the first entry whose platform matches once normalised
     * (so linux/arm64 finds linux/arm64/v8); failing that, the first entry without a platform.
     * Attestations (platform unknown/unknown) never match a real platform.
     */
    public Optional<Descriptor> select(Platform platform) {
        for (Descriptor manifest : manifests) {
            if (manifest.platform() != null && platform.matches(manifest.platform())) {
                return Optional.of(manifest);
            }
        }
        return manifests.stream().filter(manifest -> manifest.platform() == null).findFirst();
    }

    /** The platforms the index offers, in document order (entries without one left out). */
    public List<Platform> platforms() {
        return manifests.stream().map(Descriptor::platform).filter(Objects::nonNull).toList();
    }

    public Descriptor descriptor() {
        return Descriptor.of(mediaType.isEmpty() ? MediaTypes.OCI_INDEX : mediaType, digest(), size());
    }

    @Override
    public ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .numberAlways("schemaVersion", schemaVersion)
                .string("mediaType", mediaType)
                .string("artifactType", artifactType)
                .arrayAlways("manifests", DescriptorLists.write(manifests))
                .node("subject", subject == null ? null : subject.toJsonNode())
                .stringMap("annotations", annotations)
                .unknown()
                .build();
    }

    public static final class Builder {
        private int schemaVersion = 2;
        private String mediaType = MediaTypes.OCI_INDEX;
        private String artifactType = "";
        private List<Descriptor> manifests = new ArrayList<>();
        private Descriptor subject;
        private Map<String, String> annotations = new LinkedHashMap<>();
        private Map<String, JsonNode> unknownFields = Map.of();

        private Builder() {}

        public Builder mediaType(String mediaType) {
            this.mediaType = mediaType;
            return this;
        }

        public Builder artifactType(String artifactType) {
            this.artifactType = artifactType;
            return this;
        }

        public Builder manifests(List<Descriptor> manifests) {
            this.manifests = new ArrayList<>(manifests);
            return this;
        }

        public Builder addManifest(Descriptor manifest) {
            this.manifests.add(manifest);
            return this;
        }

        public Builder subject(Descriptor subject) {
            this.subject = subject;
            return this;
        }

        public Builder annotations(Map<String, String> annotations) {
            this.annotations = new LinkedHashMap<>(annotations);
            return this;
        }

        public Builder annotation(String key, String value) {
            this.annotations.put(key, value);
            return this;
        }

        public ImageIndex build() {
            return new ImageIndex(this, null);
        }
    }
}
