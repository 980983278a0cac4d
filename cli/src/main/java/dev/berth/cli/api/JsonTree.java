package dev.berth.cli.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON read into Jackson's tree by jackson-core's parser alone. Creating an ObjectMapper (its date
 * formats, calendars and locale data) was a fifth of {@code berth ps}; reading a response needs none
 * of it. The nodes are those {@link Json#mapper()}'s readTree makes: integers as int, long or
 * BigInteger nodes by size, other numbers as BigDecimal without trailing zeros
 * (USE_BIG_DECIMAL_FOR_FLOATS), the last of duplicate keys, nothing read past the first value.
 */
final class JsonTree {
    private static final JsonFactory PARSERS = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = PARSERS.createParser(bytes)) {
            return read(parser);
        }
    }

    static JsonNode read(InputStream in) throws IOException {
        try (JsonParser parser = PARSERS.createParser(in)) {
            return read(parser);
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? NODES.missingNode() : value(parser, first);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.replace(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(withoutTrailingZeros(parser.getDecimalValue()));
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token (" + token + ")");
        };
    }

    /** As Jackson's node factory normalises decimals by default. */
    private static BigDecimal withoutTrailingZeros(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException tooLarge) {
            return value;
        }
    }

    /**
     * Plain Java values, as ObjectMapper.convertValue(node, Object.class) gives them with
     * USE_BIG_DECIMAL_FOR_FLOATS: LinkedHashMap, ArrayList, String, Integer/Long/BigInteger,
     * BigDecimal, Boolean, null. Nodes this class never makes go through the mapper.
     */
    static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    map.put(property.getKey(), plain(property.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(plain(element));
                }
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case NUMBER -> node.isBigDecimal() ? node.decimalValue()
                    : node.isInt() || node.isLong() || node.isBigInteger() ? node.numberValue()
                    : Json.mapper().convertValue(node, Object.class);
            default -> Json.mapper().convertValue(node, Object.class);
        };
    }
}
