package dev.berth.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** JsonTree against the ObjectMapper it stands in for: the same nodes, the same plain values. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"Id\":\"abc\",\"Names\":[\"/web\"],\"Created\":1764480000,\"Ports\":[{\"PrivatePort\":80,\"Type\":\"tcp\"}],"
                + "\"Labels\":{\"a\":\"b\"},\"SizeRw\":12345678901,\"State\":\"running\",\"Mounts\":[],\"HostConfig\":{\"NetworkMode\":\"default\"}}]",
        "{\"i\":1,\"neg\":-2147483649,\"l\":9223372036854775807,\"big\":92233720368547758070,\"zero\":0,\"minus0\":-0}",
        "{\"f\":1.50,\"g\":0.0,\"h\":1e3,\"k\":-2.5E-3,\"m\":100.000,\"n\":12345678901234567890.123456789000,\"z\":0e10}",
        "{\"dup\":1,\"dup\":\"second\",\"x\":{\"dup\":[1],\"dup\":null}}",
        "{\"t\":true,\"f\":false,\"n\":null,\"s\":\"caf\\u00e9 \\\"q\\\" \\n\",\"e\":{},\"a\":[]}",
        "null", "42", "\"text\"", "  [1, [2, [3, {}]]]  ", "{\"a\":1} trailing tokens are not read", "", "   \n"
    })
    void readsTheNodesObjectMapperReads(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode expected = MAPPER.readTree(bytes);

        JsonNode read = JsonTree.read(bytes);

        assertEquals(expected, read);
        assertEquals(expected.toString(), read.toString());
        assertEquals(expected, JsonTree.read(new ByteArrayInputStream(bytes)));
        assertSameTypes(expected, read);
        Object plain = MAPPER.convertValue(expected, Object.class);
        assertEquals(plain, JsonTree.plain(read));
        assertSameTypes(plain, JsonTree.plain(read));
    }

    @Test
    void malformedJsonFailsAsJacksonDoes() {
        for (String bad : List.of("{\"a\":", "{\"a\" 1}", "[1,]", "{'a':1}", "NaN", "}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(bytes), bad);
            assertThrows(JsonProcessingException.class, () -> JsonTree.read(bytes), bad);
        }
    }

    @Test
    void plainValuesAreJavaCollectionsAndNumbers() throws IOException {
        Object plain = JsonTree.plain(JsonTree.read("{\"b\":[1,2.50],\"a\":{\"c\":null}}".getBytes(StandardCharsets.UTF_8)));
        Map<?, ?> map = assertInstanceOf(java.util.LinkedHashMap.class, plain);
        assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
        List<?> list = assertInstanceOf(java.util.ArrayList.class, map.get("b"));
        assertEquals(Integer.valueOf(1), list.get(0));
        assertEquals(new java.math.BigDecimal("2.5"), list.get(1));
        assertTrue(((Map<?, ?>) map.get("a")).containsKey("c"));
    }

    /** equals alone would let an IntNode pass for a LongNode, or an Integer for a Long, in places. */
    private static void assertSameTypes(Object expected, Object actual) {
        assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass());
        if (expected instanceof JsonNode node) {
            JsonNode other = (JsonNode) actual;
            if (node.isObject()) {
                node.properties().forEach(e -> assertSameTypes(e.getValue(), other.get(e.getKey())));
            }
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                assertSameTypes(node.get(i), other.get(i));
            }
        } else if (expected instanceof Map<?, ?> map) {
            map.forEach((k, v) -> assertSameTypes(v, ((Map<?, ?>) actual).get(k)));
        } else if (expected instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertSameTypes(list.get(i), ((List<?>) actual).get(i));
            }
        }
    }
}
