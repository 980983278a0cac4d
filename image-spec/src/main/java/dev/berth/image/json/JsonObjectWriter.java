package dev.berth.image.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds one JSON object field by field in the order called, with Go's {@code omitempty}
 * meaning for all but the "...Always" methods: empty strings, zero numbers, false, and empty
 * lists or maps are left out. Maps are written with sorted keys, as Go writes them.
 */
public final class JsonObjectWriter {
    private final ObjectNode node = GoJson.newObject();
    private final Map<String, JsonNode> kept;

    public JsonObjectWriter() {
        this(Map.of());
    }

    /**
     * A writer that puts back {@code kept} fields: an empty field Go would leave out but the
     * document had (Docker writes {@code "Volumes":null}) is written where it stands, the rest by
     * {@link #unknown()} at the end.
     */
    public JsonObjectWriter(Map<String, JsonNode> kept) {
        this.kept = kept;
    }

    public JsonObjectWriter string(String name, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(name, value);
        } else {
            omitted(name);
        }
        return this;
    }

    /** Written even when empty (Go fields without omitempty). */
    public JsonObjectWriter stringAlways(String name, String value) {
        node.put(name, value == null ? "" : value);
        return this;
    }

    public JsonObjectWriter string(String name, Object value) {
        return value == null ? this : string(name, value.toString());
    }

    public JsonObjectWriter number(String name, long value) {
        if (value != 0) {
            node.put(name, value);
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter numberAlways(String name, long value) {
        node.put(name, value);
        return this;
    }

    public JsonObjectWriter bool(String name, boolean value) {
        if (value) {
            node.put(name, true);
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter strings(String name, Collection<?> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(value -> array.add(value.toString()));
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter stringMap(String name, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode object = node.putObject(name);
            new TreeMap<>(values).forEach(object::put);
        } else {
            omitted(name);
        }
        return this;
    }

    /** A set written as Go writes {@code map[string]struct{}}: {@code {"80/tcp":{}}}, keys sorted. */
    public JsonObjectWriter keySet(String name, Collection<String> keys) {
        if (keys != null && !keys.isEmpty()) {
            ObjectNode object = node.putObject(name);
            new TreeSet<>(keys).forEach(object::putObject);
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter time(String name, OffsetDateTime time) {
        if (time != null) {
            node.put(name, GoTime.format(time));
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter node(String name, JsonNode value) {
        if (value != null) {
            node.set(name, value);
        } else {
            omitted(name);
        }
        return this;
    }

    public JsonObjectWriter array(String name, Collection<? extends JsonNode> elements) {
        if (elements != null && !elements.isEmpty()) {
            node.putArray(name).addAll(elements);
        } else {
            omitted(name);
        }
        return this;
    }

    /** An array written even when empty (required fields such as an index's manifests). */
    public JsonObjectWriter arrayAlways(String name, Collection<? extends JsonNode> elements) {
        node.putArray(name).addAll(elements);
        return this;
    }

    /** Puts back the kept fields not written yet, after the known ones; a known field is never overwritten. */
    public JsonObjectWriter unknown() {
        kept.forEach((name, value) -> {
            if (!node.has(name)) {
                node.set(name, value.deepCopy());
            }
        });
        return this;
    }

    private void omitted(String name) {
        JsonNode value = kept.get(name);
        if (value != null) {
            node.set(name, value.deepCopy());
        }
    }

    public ObjectNode build() {
        return node;
    }
}
