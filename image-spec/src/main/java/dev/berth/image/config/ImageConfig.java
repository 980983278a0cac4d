package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.JsonDocument;
import dev.berth.image.Platform;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image config (OCI image config, or Docker's {@code application/vnd.docker.container.image.v1+json},
 * which adds container, container_config and docker_version): platform, run defaults, layers
 * (rootfs.diff_ids) and history. Its digest is the image id. Written with the top-level fields
 * sorted, as Docker writes a config (moby's Image.MarshalJSON goes through a map).
 */
public final class ImageConfig extends JsonDocument {
    static final String WHAT = "image config";

    private final String architecture;
    private final String os;
    private final String variant;
    private final String osVersion;
    private final List<String> osFeatures;
    private final OffsetDateTime created;
    private final String author;
    private final ContainerConfig config;
    private final RootFs rootfs;
    private final List<History> history;
    private final String container;
    private final ContainerConfig containerConfig;
    private final String dockerVersion;
    private final Map<String, JsonNode> unknownFields;

    private ImageConfig(Builder b, byte[] original) {
        super(original);
        architecture = Objects.requireNonNullElse(b.architecture, "");
        os = Objects.requireNonNullElse(b.os, "");
        variant = Objects.requireNonNullElse(b.variant, "");
        osVersion = Objects.requireNonNullElse(b.osVersion, "");
        osFeatures = List.copyOf(b.osFeatures);
        created = b.created;
        author = Objects.requireNonNullElse(b.author, "");
        config = Objects.requireNonNullElse(b.config, ContainerConfig.EMPTY);
        rootfs = b.rootfs; // null only when a document read had none: it is not written back
        history = List.copyOf(b.history);
        container = Objects.requireNonNullElse(b.container, "");
        containerConfig = Objects.requireNonNullElse(b.containerConfig, ContainerConfig.EMPTY);
        dockerVersion = Objects.requireNonNullElse(b.dockerVersion, "");
        unknownFields = GoJson.copyFields(b.unknownFields);
    }

    /** Reads a config, keeping its bytes; throws {@link dev.berth.image.InvalidDocumentException} when it is malformed. */
    public static ImageConfig parse(byte[] json) {
        return parse(json, null);
    }

    /** Reads a config fetched by {@code expected} digest (the image id), checking the bytes against it. */
    public static ImageConfig parse(byte[] json, Digest expected) {
        verifyDigest(json, expected, WHAT);
        JsonFields fields = JsonFields.of(GoJson.readObject(json, WHAT), WHAT, "");
        Builder b = builder()
                .architecture(fields.string("architecture"))
                .os(fields.string("os"))
                .variant(fields.string("variant"))
                .osVersion(fields.string("os.version"))
                .osFeatures(fields.strings("os.features"))
                .created(fields.time("created"))
                .author(fields.string("author"))
                .config(readContainerConfig(fields, "config"))
                .container(fields.string("container"))
                .containerConfig(readContainerConfig(fields, "container_config"))
                .dockerVersion(fields.string("docker_version"));
        JsonFields rootfs = fields.object("rootfs");
        b.rootfs(rootfs == null ? null : RootFs.read(rootfs));
        List<JsonNode> entries = fields.array("history");
        List<History> history = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            history.add(History.read(JsonFields.of(entries.get(i), WHAT, fields.elementPath("history", i))));
        }
        b.history(history);
        b.unknownFields = fields.unknown();
        return new ImageConfig(b, json);
    }

    private static ContainerConfig readContainerConfig(JsonFields fields, String name) {
        JsonFields object = fields.object(name);
        return object == null ? null : ContainerConfig.read(object);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public String architecture() {
        return architecture;
    }

    public String os() {
        return os;
    }

    public String variant() {
        return variant;
    }

    public String osVersion() {
        return osVersion;
    }

    public List<String> osFeatures() {
        return osFeatures;
    }

    /** The platform the image is for, from os, architecture, variant, os.version and os.features. */
    public Platform platform() {
        return new Platform(os, architecture, variant, osVersion, osFeatures);
    }

    /** When the image was created, or null. */
    public OffsetDateTime created() {
        return created;
    }

    public String author() {
        return author;
    }

    /** The run defaults; {@link ContainerConfig#EMPTY} when the document has none. */
    public ContainerConfig config() {
        return config;
    }

    /** The layers; an empty "layers" rootfs when the document has none. */
    public RootFs rootfs() {
        return rootfs != null ? rootfs : RootFs.of(List.of());
    }

    public List<Digest> diffIds() {
        return rootfs().diffIds();
    }

    /** The chain id of the image's layers (the name of its committed snapshot), or null without layers. */
    public Digest chainId() {
        return rootfs().chainId();
    }

    public List<History> history() {
        return history;
    }

    /** Docker only: the id of the container the image was committed from. */
    public String container() {
        return container;
    }

    /** Docker only: the config of the container the image was committed from. */
    public ContainerConfig containerConfig() {
        return containerConfig;
    }

    public String dockerVersion() {
        return dockerVersion;
    }

    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    public ImageConfig withConfig(ContainerConfig config) {
        return toBuilder().config(config).build();
    }

    public ImageConfig withRootfs(RootFs rootfs) {
        return toBuilder().rootfs(rootfs).build();
    }

    public ImageConfig withHistory(List<History> history) {
        return toBuilder().history(history).build();
    }

    @Override
    public ObjectNode toJsonNode() {
        ObjectNode node = new JsonObjectWriter(unknownFields)
                .string("architecture", architecture)
                .string("author", author)
                .node("config", config.isEmpty() ? null : config.toJsonNode())
                .string("container", container)
                .node("container_config", containerConfig.isEmpty() ? null : containerConfig.toJsonNode())
                .time("created", created)
                .string("docker_version", dockerVersion)
                .array("history", history.stream().map(History::toJsonNode).toList())
                .string("os", os)
                .strings("os.features", osFeatures)
                .string("os.version", osVersion)
                .node("rootfs", rootfs == null ? null : rootfs.toJsonNode())
                .string("variant", variant)
                .unknown()
                .build();
        return GoJson.sortedFields(node);
    }

    /** Collects an image config; unset values are empty. */
    public static final class Builder {
        private String architecture = "";
        private String os = "";
        private String variant = "";
        private String osVersion = "";
        private List<String> osFeatures = List.of();
        private OffsetDateTime created;
        private String author = "";
        private ContainerConfig config;
        private RootFs rootfs = RootFs.of(List.of());
        private List<History> history = List.of();
        private String container = "";
        private ContainerConfig containerConfig;
        private String dockerVersion = "";
        private Map<String, JsonNode> unknownFields = Map.of();

        private Builder() {}

        private Builder(ImageConfig c) {
            architecture = c.architecture;
            os = c.os;
            variant = c.variant;
            osVersion = c.osVersion;
            osFeatures = c.osFeatures;
            created = c.created;
            author = c.author;
            config = c.config;
            rootfs = c.rootfs;
            history = c.history;
            container = c.container;
            containerConfig = c.containerConfig;
            dockerVersion = c.dockerVersion;
            unknownFields = c.unknownFields;
        }

        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder os(String os) {
            this.os = os;
            return this;
        }

        public Builder variant(String variant) {
            this.variant = variant;
            return this;
        }

        public Builder osVersion(String osVersion) {
            this.osVersion = osVersion;
            return this;
        }

        public Builder osFeatures(List<String> osFeatures) {
            this.osFeatures = List.copyOf(osFeatures);
            return this;
        }

        /** Sets os, architecture, variant, os.version and os.features from {@code platform}. */
        public Builder platform(Platform platform) {
            return os(platform.os()).architecture(platform.architecture()).variant(platform.variant())
                    .osVersion(platform.osVersion()).osFeatures(platform.osFeatures());
        }

        public Builder created(OffsetDateTime created) {
            this.created = created;
            return this;
        }

        public Builder author(String author) {
            this.author = author;
            return this;
        }

        public Builder config(ContainerConfig config) {
            this.config = config;
            return this;
        }

        public Builder rootfs(RootFs rootfs) {
            this.rootfs = rootfs;
            return this;
        }

        public Builder history(List<History> history) {
            this.history = List.copyOf(history);
            return this;
        }

        public Builder container(String container) {
            this.container = container;
            return this;
        }

        public Builder containerConfig(ContainerConfig containerConfig) {
            this.containerConfig = containerConfig;
            return this;
        }

        public Builder dockerVersion(String dockerVersion) {
            this.dockerVersion = dockerVersion;
            return this;
        }

        public ImageConfig build() {
            return new ImageConfig(this, null);
        }
    }
}
