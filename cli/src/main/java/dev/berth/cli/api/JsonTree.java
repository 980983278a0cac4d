package dev.berth.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read into Jackson's tree without Jackson's parser. Start-up is what this is
 * for: creating an ObjectMapper (date formats, calendars, locale data) was a fifth of
 * {@code berth ps}, and any jackson-core parser initialises java.math.BigDecimal, whose JDK 25
 * static set-up (powers of five by repeated squaring) is another tenth; this reader touches
 * BigDecimal only for a number with a fraction or exponent.
 *
 * <p>The nodes are those {@link Json#mapper()}'s readTree makes: integers as int, long or
 * BigInteger nodes by size, other numbers as BigDecimal without trailing zeros
 * (USE_BIG_DECIMAL_FOR_FLOATS), the last of duplicate keys, nothing read past the first value,
 * a missing node for an empty document. Input is UTF-8, strictly RFC 8259 as Jackson's defaults
 * are (no comments, no NaN, no leading zeros, no unescaped control characters), nesting at most
 * 1000 deep as Jackson allows. JsonTreeTest holds it to ObjectMapper.
 */
final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 1000;

    private final String text;
    private int at;

    private JsonTree(String text) {
        this.text = text;
    }

    static JsonNode read(byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonSyntaxException("Invalid UTF-8 in JSON: " + e.getMessage());
        }
        JsonTree reader = new JsonTree(text);
        if (text.startsWith("\uFEFF")) {
            reader.at = 1;
        }
        return reader.document();
    }

    static JsonNode read(InputStream in) throws IOException {
        try (in) {
            return read(in.readAllBytes());
        }
    }

    /** Malformed JSON, where Jackson would throw its JsonParseException. */
    static final class JsonSyntaxException extends IOException {
        JsonSyntaxException(String message) {
            super(message);
        }
    }

    private JsonNode document() throws JsonSyntaxException {
        skipWhitespace();
        return at == text.length() ? NODES.missingNode() : value(0);
    }

    private JsonNode value(int depth) throws JsonSyntaxException {
        char c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> NODES.textNode(string());
            case 't' -> literal("true", NODES.booleanNode(true));
            case 'f' -> literal("false", NODES.booleanNode(false));
            case 'n' -> literal("null", NODES.nullNode());
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private ObjectNode object(int depth) throws JsonSyntaxException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        ObjectNode object = NODES.objectNode();
        at++;
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.replace(name, value(depth + 1));
            skipWhitespace();
            char next = peek();
            at++;
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                throw error("expected ',' or '}'");
            }
            skipWhitespace();
        }
    }

    private ArrayNode array(int depth) throws JsonSyntaxException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        ArrayNode array = NODES.arrayNode();
        at++;
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            array.add(value(depth + 1));
            skipWhitespace();
            char next = peek();
            at++;
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                throw error("expected ',' or ']'");
            }
            skipWhitespace();
        }
    }

    private String string() throws JsonSyntaxException {
        at++;
        StringBuilder out = null;
        int start = at;
        while (true) {
            char c = peek();
            at++;
            if (c == '"') {
                return out == null ? text.substring(start, at - 1) : out.append(text, start, at - 1).toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character in a string");
            }
            if (c == '\\') {
                out = (out == null ? new StringBuilder() : out).append(text, start, at - 1);
                out.append(escaped());
                start = at;
            }
        }
    }

    private char escaped() throws JsonSyntaxException {
        char c = peek();
        at++;
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (at + 4 > text.length()) {
                    throw error("unexpected end in a \\u escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(at++), 16);
                    if (digit < 0) {
                        throw error("bad \\u escape");
                    }
                    code = code * 16 + digit;
                }
                yield (char) code;
            }
            default -> throw error("unrecognized escape '\\" + c + "'");
        };
    }

    private JsonNode number() throws JsonSyntaxException {
        int start = at;
        if (peekOrEnd() == '-') {
            at++;
        }
        int firstDigit = at;
        digits();
        if (at - firstDigit > 1 && text.charAt(firstDigit) == '0') {
            throw error("leading zeros are not allowed");
        }
        boolean integral = true;
        if (peekOrEnd() == '.') {
            at++;
            integral = false;
            digits();
        }
        char e = peekOrEnd();
        if (e == 'e' || e == 'E') {
            at++;
            integral = false;
            char sign = peekOrEnd();
            if (sign == '+' || sign == '-') {
                at++;
            }
            digits();
        }
        endOfValue();
        String literal = text.substring(start, at);
        if (!integral) {
            return NODES.numberNode(withoutTrailingZeros(new BigDecimal(literal)));
        }
        // as Jackson sizes integers: int if it fits, else long, else BigInteger
        int length = at - firstDigit;
        if (length <= 18) {
            long value = Long.parseLong(literal);
            return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
        }
        BigInteger value = new BigInteger(literal);
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private void digits() throws JsonSyntaxException {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw error("expected a digit");
        }
    }

    /** As Jackson's node factory normalises decimals by default. */
    private static BigDecimal withoutTrailingZeros(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException tooLarge) {
            return value;
        }
    }

    private JsonNode literal(String word, JsonNode node) throws JsonSyntaxException {
        if (!text.startsWith(word, at)) {
            throw error("unrecognized token");
        }
        at += word.length();
        endOfValue();
        return node;
    }

    /** A scalar runs up to a separator: "truex" and "12ab" are errors, as in Jackson. */
    private void endOfValue() throws JsonSyntaxException {
        char c = peekOrEnd();
        if (c != 0 && c != ',' && c != ']' && c != '}' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            throw error("unexpected character '" + c + "'");
        }
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private void expect(char wanted) throws JsonSyntaxException {
        if (peek() != wanted) {
            throw error("expected '" + wanted + "'");
        }
        at++;
    }

    private char peek() throws JsonSyntaxException {
        if (at >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(at);
    }

    private char peekOrEnd() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private JsonSyntaxException error(String problem) {
        return new JsonSyntaxException("Malformed JSON at character " + at + ": " + problem);
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
