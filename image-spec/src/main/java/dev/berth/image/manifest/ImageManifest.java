package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.JsonDocument;
import dev.berth.image.MediaTypes;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest: OCI image manifest v1 or Docker image manifest v2 schema 2 (the same shape:
 * schemaVersion 2, mediaType, config, layers, and for OCI artifactType, subject, annotations).
 * Immutable; change it with {@link #toBuilder()}.
 */
public final class ImageManifest extends JsonDocument {
    static final String WHAT = "image manifest";

    private final int schemaVersion;
    private final String mediaType;
    private final String artifactType;
    private final Descriptor config;
    private final List<Descriptor> layers;
    private final Descriptor subject;
    private final Map<String, String> annotations;
    private final Map<String, JsonNode> unknownFields;

    private ImageManifest(Builder builder, byte[] original) {
        super(original);
        this.schemaVersion = builder.schemaVersion;
        this.mediaType = Objects.requireNonNullElse(builder.mediaType, "");
        this.artifactType = Objects.requireNonNullElse(builder.artifactType, "");
        this.config = Objects.requireNonNull(builder.config, "a manifest needs a config");
        this.layers = List.copyOf(builder.layers);
        this.subject = builder.subject;
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.annotations));
        this.unknownFields = GoJson.copyFields(builder.unknownFields);
    }

    /** Reads a manifest, keeping its bytes; throws {@link InvalidDocumentException} when it breaks the spec. */
    public static ImageManifest parse(byte[] json) {
        return parse(json, null);
    }

    /** Reads a manifest fetched by {@code expected} digest, and checks that the bytes are what it names. */
    public static ImageManifest parse(byte[] json, Digest expected) {
        verifyDigest(json, expected, WHAT);
        JsonFields fields = JsonFields.of(GoJson.readObject(json, WHAT), WHAT, "");
        Builder builder = builder();
        builder.schemaVersion = fields.intValue("schemaVersion");
        DescriptorLists.checkSchemaVersion(fields, builder.schemaVersion);
        builder.mediaType = fields.string("mediaType");
        if (!builder.mediaType.isEmpty() && !MediaTypes.isManifest(builder.mediaType)) {
            throw fields.invalid("mediaType", "unexpected media type " + builder.mediaType + " for an image manifest");
        }
        builder.artifactType = fields.string("artifactType");
        builder.config = DescriptorLists.readOne(fields, "config");
        if (builder.config == null) {
            throw fields.invalid("config", "is required");
        }
        builder.layers = DescriptorLists.read(fields, "layers");
        builder.subject = DescriptorLists.readOne(fields, "subject");
        builder.annotations = fields.stringMap("annotations");
        builder.unknownFields = fields.unknown();
        return new ImageManifest(builder, json);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An OCI manifest of {@code config} and {@code layers}. */
    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return builder().mediaType(MediaTypes.OCI_MANIFEST).config(config).layers(layers).build();
    }

    /** A Docker schema 2 manifest of {@code config} and {@code layers}. */
    public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
        return builder().mediaType(MediaTypes.DOCKER_MANIFEST).config(config).layers(layers).build();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.schemaVersion = schemaVersion;
        builder.mediaType = mediaType;
        builder.artifactType = artifactType;
        builder.config = config;
        builder.layers = new ArrayList<>(layers);
        builder.subject = subject;
        builder.annotations = new LinkedHashMap<>(annotations);
        builder.unknownFields = unknownFields;
        return builder;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** The declared media type, "" when the document has none (allowed for OCI, which then relies on the Content-Type). */
    public String mediaType() {
        return mediaType;
    }

    public String artifactType() {
        return artifactType;
    }

    public Descriptor config() {
        return config;
    }

    public List<Descriptor> layers() {
        return layers;
    }

    /** The manifest this one refers to (OCI 1.1 referrers), or null. */
    public Descriptor subject() {
        return subject;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    /** A descriptor of this manifest, for an index or an image record. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType.isEmpty() ? MediaTypes.OCI_MANIFEST : mediaType, digest(), size());
    }

    @Override
    public ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .numberAlways("schemaVersion", schemaVersion)
                .string("mediaType", mediaType)
                .string("artifactType", artifactType)
                .node("config", config.toJsonNode())
                .array("layers", DescriptorLists.write(layers))
                .node("subject", subject == null ? null : subject.toJsonNode())
                .stringMap("annotations", annotations)
                .unknown()
                .build();
    }

    /** Collects the parts of a manifest; {@link #build()} requires a config. */
    public static final class Builder {
        private int schemaVersion = 2;
        private String mediaType = MediaTypes.OCI_MANIFEST;
        private String artifactType = "";
        private Descriptor config;
        private List<Descriptor> layers = new ArrayList<>();
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

        public Builder config(Descriptor config) {
            this.config = config;
            return this;
        }

        public Builder layers(List<Descriptor> layers) {
            this.layers = new ArrayList<>(layers);
            return this;
        }

        public Builder addLayer(Descriptor layer) {
            this.layers.add(layer);
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

        public ImageManifest build() {
            if (config == null) {
                throw new InvalidDocumentException("invalid " + WHAT + ": config: is required");
            }
            return new ImageManifest(this, null);
        }
    }
}
