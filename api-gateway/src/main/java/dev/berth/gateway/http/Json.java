package dev.berth.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Docker's JSON, written by hand with Jackson trees so field names and order are exactly Docker's
 * (capitalised, nulls kept), independent of Micronaut's serialisation settings.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    /** A request body as a tree; 400 "invalid JSON: ..." as Docker answers malformed input. */
    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw dev.berth.gateway.api.DockerApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** A request body as a value; 400 "invalid JSON: ..." when malformed or of the wrong shape. */
    public static <T> T read(String body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw dev.berth.gateway.api.DockerApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** A JSON response; Docker ends its JSON bodies with a newline. */
    public static MutableHttpResponse<byte[]> response(int status, JsonNode node) {
        byte[] body = (new String(bytes(node), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body);
    }

    public static MutableHttpResponse<byte[]> ok(JsonNode node) {
        return response(200, node);
    }

    /** Docker's error body: {"message": "..."}. */
    public static ObjectNode error(String message) {
        return object().put("message", message);
    }
}
