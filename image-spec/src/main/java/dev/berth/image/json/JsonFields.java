package dev.berth.image.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDigestException;
import dev.berth.image.InvalidDocumentException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON object with Go's leniency (absent or null is the zero value) and
 * strict types, remembering which fields it read so the rest can be kept as unknown fields.
 * Errors name the document and the field path.
 */
public final class JsonFields {
    private final String document;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();

    private JsonFields(String document, String path, ObjectNode node) {
        this.document = document;
        this.path = path;
        this.node = node;
    }

    /** The fields of {@code node}, which must be an object; {@code path} is "" at the top of a document. */
    public static JsonFields of(JsonNode node, String document, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException("invalid " + document + ": " + label(path) + "expected a JSON object");
        }
        return new JsonFields(document, path, (ObjectNode) node);
    }

    /** The fields of the object in {@code name}, or null when it is absent or null. */
    public JsonFields object(String name) {
        JsonNode value = take(name);
        return value == null ? null : of(value, document, fieldPath(name));
    }

    /** The elements of the array in {@code name} (empty when absent or null). */
    public List<JsonNode> array(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(name, "expected an array");
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    public String string(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid(name, "expected a string");
        }
        return value.asText();
    }

    public String requiredString(String name) {
        if (!has(name)) {
            throw invalid(name, "is required");
        }
        return string(name);
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public long longValue(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(name, "expected an integer");
        }
        return value.asLong();
    }

    public long requiredLong(String name) {
        if (!has(name)) {
            throw invalid(name, "is required");
        }
        return longValue(name);
    }

    public int intValue(String name) {
        long value = longValue(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid(name, "out of range");
        }
        return (int) value;
    }

    public boolean bool(String name) {
        JsonNode value = take(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "expected true or false");
        }
        return value.asBoolean();
    }

    public List<String> strings(String name) {
        List<String> strings = new ArrayList<>();
        int i = 0;
        for (JsonNode element : array(name)) {
            if (!element.isTextual()) {
                throw invalid(name + "[" + i + "]", "expected a string");
            }
            strings.add(element.asText());
            i++;
        }
        return Collections.unmodifiableList(strings);
    }

    /** A map of strings (labels, annotations), in document order. */
    public Map<String, String> stringMap(String name) {
        JsonFields fields = object(name);
        if (fields == null) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : fields.node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw fields.invalid(entry.getKey(), "expected a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return Collections.unmodifiableMap(map);
    }

    /** The keys of an object used as a set (Go's {@code map[string]struct{}}: ExposedPorts, Volumes). */
    public Set<String> keySet(String name) {
        JsonFields fields = object(name);
        if (fields == null) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        fields.node.fieldNames().forEachRemaining(keys::add);
        return Collections.unmodifiableSet(keys);
    }

    /** A digest, or null when absent. */
    public Digest digest(String name) {
        String value = string(name);
        if (value.isEmpty()) {
            return null;
        }
        return toDigest(name, value);
    }

    public Digest requiredDigest(String name) {
        if (!has(name)) {
            throw invalid(name, "is required");
        }
        return toDigest(name, string(name));
    }

    public Digest toDigest(String name, String value) {
        try {
            return Digest.parse(value);
        } catch (InvalidDigestException e) {
            throw invalid(name, e.getMessage());
        }
    }

    /** A time, or null when absent. */
    public OffsetDateTime time(String name) {
        String value = string(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return GoTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    /**
     * What a later write must put back, in document order: the fields not read so far, and the
     * fields read whose value was null or empty (the typed model cannot tell those from absent).
     */
    public Map<String, JsonNode> unknown() {
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!read.contains(entry.getKey()) || isEmpty(entry.getValue())) {
                unknown.put(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return Collections.unmodifiableMap(unknown);
    }

    /** The path of field {@code name}, e.g. {@code layers[1].size}. */
    public String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The path of element {@code index} of the array {@code name}. */
    public String elementPath(String name, int index) {
        return fieldPath(name) + "[" + index + "]";
    }

    public String document() {
        return document;
    }

    public InvalidDocumentException invalid(String name, String problem) {
        return new InvalidDocumentException("invalid " + document + ": " + fieldPath(name) + ": " + problem);
    }

    private JsonNode take(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** Null, "", [], {}, false or 0: what Go's omitempty leaves out. */
    private static boolean isEmpty(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || (value.isContainerNode() && value.isEmpty()) || (value.isBoolean() && !value.asBoolean())
                || (value.isNumber() && value.asDouble() == 0);
    }

    private static String label(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
