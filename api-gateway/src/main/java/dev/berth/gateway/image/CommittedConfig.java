package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The documents of a committed image, as Docker's daemon builds them: the run config (moby's
 * CreateImageFromContainer: the request's config or else the container's, the {@code changes}
 * applied, then {@code merge} with the container's config) and the image config (moby's
 * NewChildImage: the parent's config with a new layer, history entry, author, container and config).
 * Pure functions of their arguments; nothing given is modified.
 */
public final class CommittedConfig {
    /** The diff id of a layer with no entries (a tar of two zero blocks): Docker adds no such layer. */
    public static final Digest EMPTY_LAYER_DIFF_ID =
            Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

    /** Docker's Config fields, in the order Docker writes them. */
    private static final List<String> FIELDS = List.of("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
            "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck", "ArgsEscaped",
            "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled", "MacAddress", "OnBuild", "Labels",
            "StopSignal", "StopTimeout", "Shell");
    /** Fields Docker leaves out when they are empty ({@code omitempty}). */
    private static final Set<String> OMIT_EMPTY = Set.of("ExposedPorts", "Healthcheck", "ArgsEscaped", "NetworkDisabled",
            "MacAddress", "StopSignal", "StopTimeout", "Shell");
    /** Image config fields the child sets itself, or that do not pass from parent to child. */
    private static final Set<String> REPLACED = Set.of("id", "parent", "created", "author", "comment", "container",
            "container_config", "docker_version", "config", "rootfs", "history", "size", "architecture", "os");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CommittedConfig() {}

    /** True when {@code body} holds any of Docker's Config fields (moby decodes a body without them as no config). */
    public static boolean hasConfigFields(JsonNode body) {
        if (body == null || !body.isObject()) {
            return false;
        }
        for (String field : FIELDS) {
            if (body.has(field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The new image's run config: {@code requested} (when it holds Config fields) or else the
     * container's config, {@code changes} applied (400 on an invalid one), then the container's
     * config filling what is empty, as moby's merge does.
     */
    public static ObjectNode runConfig(ObjectNode container, ObjectNode requested, List<String> changes) {
        ObjectNode config = configFields(hasConfigFields(requested) ? requested : container);
        DockerfileChanges.apply(config, changes);
        merge(config, configFields(container));
        return ordered(config);
    }

    /**
     * The new image's config document: the {@code parent}'s (null for none) with {@code runConfig},
     * the layer {@code diffId} appended (null: the commit changed nothing, no layer is added and the
     * history entry is an {@code empty_layer}), and a history entry whose {@code created_by} is the
     * container's Cmd joined by spaces, as docker history shows it.
     */
    public static ObjectNode imageConfig(ObjectNode parent, CommitRequest request, ObjectNode runConfig, Digest diffId,
            Instant created) {
        ObjectNode base = parent == null ? MAPPER.createObjectNode() : parent;
        String now = created.toString();
        ObjectNode image = MAPPER.createObjectNode();
        image.put("architecture", base.path("architecture").asText("amd64"));
        image.put("os", base.path("os").asText("linux"));
        base.properties().forEach(field -> {
            if (!REPLACED.contains(field.getKey())) {
                image.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        image.put("created", now);
        image.put("author", request.author());
        if (!request.comment().isEmpty()) {
            image.put("comment", request.comment());
        }
        image.put("container", request.containerId());
        image.set("container_config", ordered(configFields(request.containerConfig())));
        image.set("config", runConfig.deepCopy());

        ObjectNode rootfs = image.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        base.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        if (diffId != null) {
            diffIds.add(diffId.toString());
        }

        ArrayNode history = image.putArray("history");
        base.path("history").forEach(entry -> history.add(entry.deepCopy()));
        ObjectNode entry = history.addObject().put("created", now);
        putIfNotEmpty(entry, "author", request.author());
        putIfNotEmpty(entry, "created_by", createdBy(request.containerConfig()));
        putIfNotEmpty(entry, "comment", request.comment());
        if (diffId == null) {
            entry.put("empty_layer", true);
        }
        return image;
    }

    /** moby: strings.Join(container.Config.Cmd, " "). */
    static String createdBy(ObjectNode containerConfig) {
        List<String> words = new ArrayList<>();
        containerConfig.path("Cmd").forEach(word -> words.add(word.asText()));
        return String.join(" ", words);
    }

    /** moby's merge(userConf, imageConf): what {@code config} leaves empty, {@code container} fills. */
    static void merge(ObjectNode config, ObjectNode container) {
        if (text(config, "User").isEmpty()) {
            copy(container, config, "User");
        }
        if (empty(config.get("ExposedPorts"))) {
            copy(container, config, "ExposedPorts");
        } else {
            addMissingKeys(container.get("ExposedPorts"), (ObjectNode) config.get("ExposedPorts"));
        }
        mergeEnv(config, container);
        if (!(config.get("Labels") instanceof ObjectNode)) {
            config.putObject("Labels");
        }
        addMissingKeys(container.get("Labels"), (ObjectNode) config.get("Labels"));
        if (empty(config.get("Entrypoint"))) {
            if (empty(config.get("Cmd"))) {
                copy(container, config, "Cmd");
                copy(container, config, "Shell");
            }
            if (isNil(config.get("Entrypoint"))) {
                copy(container, config, "Entrypoint");
            }
        }
        mergeHealthcheck(config, container.get("Healthcheck"));
        if (text(config, "WorkingDir").isEmpty()) {
            copy(container, config, "WorkingDir");
        }
        if (empty(config.get("Volumes"))) {
            copy(container, config, "Volumes");
        } else if (container.get("Volumes") instanceof ObjectNode volumes) {
            volumes.properties().forEach(v -> ((ObjectNode) config.get("Volumes")).set(v.getKey(), v.getValue().deepCopy()));
        }
        if (text(config, "StopSignal").isEmpty()) {
            copy(container, config, "StopSignal");
        }
    }

    /** The config's variables, then each of the container's whose name the config does not set. */
    private static void mergeEnv(ObjectNode config, ObjectNode container) {
        if (empty(config.get("Env"))) {
            copy(container, config, "Env");
            return;
        }
        ArrayNode env = (ArrayNode) config.get("Env");
        List<String> keys = new ArrayList<>();
        env.forEach(v -> keys.add(envKey(v.asText())));
        for (JsonNode variable : container.path("Env")) {
            if (!keys.contains(envKey(variable.asText()))) {
                env.add(variable.asText());
            }
        }
    }

    private static String envKey(String variable) {
        int eq = variable.indexOf('=');
        return eq < 0 ? variable : variable.substring(0, eq);
    }

    /** The container's health check, with the config's own test and non-zero settings taking precedence. */
    private static void mergeHealthcheck(ObjectNode config, JsonNode fromContainer) {
        if (!(fromContainer instanceof ObjectNode containerCheck)) {
            return;
        }
        if (!(config.get("Healthcheck") instanceof ObjectNode check)) {
            config.set("Healthcheck", containerCheck.deepCopy());
            return;
        }
        if (empty(check.get("Test"))) {
            copy(containerCheck, check, "Test");
        }
        for (String field : List.of("Interval", "Timeout", "StartPeriod", "Retries")) {
            if (check.path(field).asLong(0) == 0) {
                copy(containerCheck, check, field);
            }
        }
    }

    /** A copy holding only Docker's Config fields. */
    private static ObjectNode configFields(ObjectNode source) {
        ObjectNode copy = MAPPER.createObjectNode();
        if (source != null) {
            for (String field : FIELDS) {
                if (source.has(field)) {
                    copy.set(field, source.get(field).deepCopy());
                }
            }
        }
        return copy;
    }

    /** Docker's field order; the {@code omitempty} fields only when set. */
    private static ObjectNode ordered(ObjectNode config) {
        ObjectNode result = MAPPER.createObjectNode();
        for (String field : FIELDS) {
            JsonNode value = config.get(field);
            if (value == null || (OMIT_EMPTY.contains(field) && (empty(value) || value.isBoolean() && !value.asBoolean()))) {
                continue;
            }
            result.set(field, value);
        }
        return result;
    }

    private static void addMissingKeys(JsonNode from, ObjectNode to) {
        if (from instanceof ObjectNode source) {
            source.properties().forEach(e -> {
                if (!to.has(e.getKey())) {
                    to.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** Go's nil: absent or null. */
    private static boolean isNil(JsonNode value) {
        return value == null || value.isNull();
    }

    /** Go's len(x) == 0 for strings, slices and maps (and nil). */
    private static boolean empty(JsonNode value) {
        if (isNil(value)) {
            return true;
        }
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        return value.isTextual() && value.asText().isEmpty();
    }
}
