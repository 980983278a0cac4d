package dev.berth.cli.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Request bodies written by jackson-core's generator alone: the maps, lists, strings, numbers,
 * booleans and trees the commands build. An ObjectMapper's first use costs ~30 ms of a
 * command's start (its class set-up and serializer lookup); anything else still goes through it.
 */
final class PlainJsonWriter {
    private static final JsonFactory GENERATORS = new JsonFactory();

    /** A value of a kind this writer does not know (a record, a bean): the mapper writes it. */
    static final class UnsupportedValue extends Exception {
        UnsupportedValue() {
            super(null, null, false, false);
        }
    }

    private PlainJsonWriter() {
    }

    static byte[] bytes(Object value) throws IOException, UnsupportedValue {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
            write(generator, value);
        }
        return out.toByteArray();
    }

    // instanceof, not a pattern switch: a type switch spins a class at its first run, at every start
    private static void write(JsonGenerator out, Object value) throws IOException, UnsupportedValue {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else if (value instanceof Float number) {
            out.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            out.writeNumber(number);
        } else if (value instanceof JsonNode node) {
            writeTree(out, node);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new UnsupportedValue(); // the mapper's error says what is wrong
                }
                out.writeFieldName(entry.getKey().toString());
                write(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(out, element);
            }
            out.writeEndArray();
        } else {
            throw new UnsupportedValue();
        }
    }

    private static void writeTree(JsonGenerator out, JsonNode node) throws IOException, UnsupportedValue {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    out.writeFieldName(property.getKey());
                    writeTree(out, property.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    writeTree(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> write(out, node.numberValue());
            default -> throw new UnsupportedValue();
        }
    }
}
