package dev.berth.shim.json;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's few JSON documents (state.json, exit.json, config.json, runc's stats) as plain
 * maps and lists: read and written by jackson-jr, whose handful of classes cost a host far less
 * than a data-binding library's hundreds (a host's memory is the JVM's fixed cost), plus the
 * small path helpers the callers navigate with.
 */
public final class Json {
    private static final JSON PLAIN = JSON.std;
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {}

    public static Object parse(byte[] utf8) {
        try (com.fasterxml.jackson.core.JsonParser parser = FACTORY.createParser(utf8)) {
            Object value = PLAIN.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not JSON: unexpected text after the value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one JSON value; IllegalArgumentException when the text is not JSON. */
    public static Object parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value as an object (a new empty one when it is not). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : new ArrayList<>();
    }

    /** {@code map.get(key)} as an object, created and stored when absent or not an object. */
    public static Map<String, Object> objectIn(Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof Map<?, ?>)) {
            map.put(key, new LinkedHashMap<String, Object>());
        }
        return object(map.get(key));
    }

    public static List<Object> arrayIn(Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof List<?>)) {
            map.put(key, new ArrayList<>());
        }
        return array(map.get(key));
    }

    /** The value at a path of keys, or null. */
    public static Object at(Object value, String... keys) {
        Object current = value;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    public static long longAt(Object value, String... keys) {
        return at(value, keys) instanceof Number n ? n.longValue() : 0;
    }

    public static String stringAt(Object value, String... keys) {
        Object v = at(value, keys);
        return v == null ? "" : v instanceof String s ? s : String.valueOf(v);
    }

    public static String write(Object value) {
        try {
            return PLAIN.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /** Indented, as config.json is usually written. */
    public static String writePretty(Object value) {
        try {
            return PRETTY.asString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(Object value, boolean pretty) {
        return (pretty ? writePretty(value) : write(value)).getBytes(StandardCharsets.UTF_8);
    }
}
