package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Docker's container Config (an image's "config" and "container_config") as the builder keeps it:
 * JSON with Docker's field names, written in Docker's field order, with Go's nil as null.
 */
public final class RunConfigs {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final List<String> FIELDS = List.of("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
            "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck", "ArgsEscaped",
            "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled", "MacAddress", "OnBuild", "Labels",
            "StopSignal", "StopTimeout", "Shell");
    private static final Set<String> OMIT_EMPTY = Set.of("ExposedPorts", "Healthcheck", "ArgsEscaped", "NetworkDisabled",
            "MacAddress", "StopSignal", "StopTimeout", "Shell");
    private static final Set<String> STRINGS = Set.of("Hostname", "Domainname", "User", "Image", "WorkingDir");
    private static final Set<String> BOOLEANS = Set.of("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin",
            "StdinOnce");

    private RunConfigs() {}

    /** A copy in Docker's order: every non-omitempty field present (null for nil), the omitempty ones only when set. */
    public static ObjectNode ordered(ObjectNode config) {
        ObjectNode result = MAPPER.createObjectNode();
        for (String field : FIELDS) {
            JsonNode value = config == null ? null : config.get(field);
            if (OMIT_EMPTY.contains(field)) {
                if (!empty(value) && !(value.isBoolean() && !value.asBoolean())) {
                    result.set(field, value.deepCopy());
                }
            } else if (value != null && !value.isNull()) {
                result.set(field, value.deepCopy());
            } else if (STRINGS.contains(field)) {
                result.put(field, "");
            } else if (BOOLEANS.contains(field)) {
                result.put(field, false);
            } else {
                result.set(field, NullNode.getInstance());
            }
        }
        return result;
    }

    /** A string list field; null for Go's nil. */
    public static List<String> strings(JsonNode config, String field) {
        JsonNode value = config == null ? null : config.get(field);
        if (value == null || !value.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        value.forEach(v -> out.add(v.asText()));
        return out;
    }

    public static List<String> stringsOrEmpty(JsonNode config, String field) {
        List<String> value = strings(config, field);
        return value == null ? List.of() : value;
    }

    public static void setStrings(ObjectNode config, String field, List<String> value) {
        if (value == null) {
            config.set(field, NullNode.getInstance());
            return;
        }
        ArrayNode array = config.putArray(field);
        value.forEach(array::add);
    }

    public static String text(JsonNode config, String field) {
        JsonNode value = config.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The shell for shell-form commands: the config's SHELL, or /bin/sh -c. */
    public static List<String> shell(JsonNode config) {
        List<String> shell = strings(config, "Shell");
        return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    /** The object field, created when missing or null. */
    public static ObjectNode object(ObjectNode config, String field) {
        JsonNode value = config.get(field);
        if (value instanceof ObjectNode object) {
            return object;
        }
        return config.putObject(field);
    }

    /** A string map field (Labels) as a map, empty when nil. */
    public static Map<String, String> stringMap(JsonNode config, String field) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode value = config == null ? null : config.get(field);
        if (value != null && value.isObject()) {
            value.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** JSON with every object's keys sorted, so equal configs give equal text (Go maps have no order). */
    public static String canonical(JsonNode node) {
        return canonicalNode(node).toString();
    }

    private static JsonNode canonicalNode(JsonNode node) {
        if (node == null) {
            return NullNode.getInstance();
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonicalNode(e.getValue())));
            ObjectNode out = MAPPER.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            node.forEach(v -> out.add(canonicalNode(v)));
            return out;
        }
        return node;
    }

    /** Go's len(x) == 0 (and nil). */
    static boolean empty(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        return value.isTextual() && value.asText().isEmpty();
    }
}
