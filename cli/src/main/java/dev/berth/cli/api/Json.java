package dev.berth.cli.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON for the commands. Reading a document into a tree ({@link #parse}, {@link #plain}) needs no
 * ObjectMapper ({@link JsonTree}); the mapper, for writing and for streams, is created on first use.
 */
public final class Json {

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static JsonNode parse(byte[] bytes) throws IOException {
        return JsonTree.read(bytes);
    }

    public static JsonNode parse(InputStream in) throws IOException {
        return JsonTree.read(in);
    }

    /** Plain Java values (LinkedHashMap, ArrayList, String, Number, Boolean, null) for templates. */
    public static Object plain(JsonNode node) {
        return JsonTree.plain(node);
    }

    public static byte[] bytes(Object value) {
        try {
            return PlainJsonWriter.bytes(value);
        } catch (PlainJsonWriter.UnsupportedValue e) {
            return mapperBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] mapperBytes(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
