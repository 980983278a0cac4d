package dev.berth.image.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.InvalidDocumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON documents strictly and writes them compact, in the field order given and with Go's
 * string escaping, so what Berth writes matches what Docker (Go's encoding/json) writes.
 * Internal to the image-spec module.
 */
public final class GoJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new GoCharacterEscapes())
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GoJson() {}

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Parses {@code json} into an object; {@code what} names the document in the error ("image manifest"). */
    public static ObjectNode readObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidDocumentException("invalid " + what + ": not valid JSON: " + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException("invalid " + what + ": not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Compact UTF-8 JSON, fields in insertion order. */
    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A copy of {@code node} with its fields sorted as Go sorts map keys (Docker writes a config's top level so). */
    public static ObjectNode sortedFields(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort(Map.Entry.comparingByKey());
        ObjectNode sorted = newObject();
        fields.forEach(field -> sorted.set(field.getKey(), field.getValue()));
        return sorted;
    }

    /** An unmodifiable deep copy of a document's unknown fields, keeping their order. */
    public static Map<String, JsonNode> copyFields(Map<String, JsonNode> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        fields.forEach((name, value) -> copy.put(name, value.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }

    /** A copy of {@code node} with the fields named in {@code order} first, in that order, then the others as they were. */
    public static ObjectNode ordered(ObjectNode node, List<String> order) {
        ObjectNode ordered = newObject();
        for (String name : order) {
            if (node.has(name)) {
                ordered.set(name, node.get(name));
            }
        }
        node.properties().forEach(field -> {
            if (!ordered.has(field.getKey())) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }
}
