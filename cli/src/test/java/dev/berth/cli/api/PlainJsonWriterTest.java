package dev.berth.cli.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator-only writer against the ObjectMapper it stands in for: byte for byte the same bodies. */
class PlainJsonWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesTheBytesObjectMapperWrites() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Hostname", "web");
        body.put("AttachStdin", false);
        body.put("Env", List.of("A=1", "QUOTE=\"x\"\n", "caf\u00e9"));
        body.put("Cmd", new ArrayList<>(List.of("sh", "-c", "echo hi")));
        body.put("Memory", 536870912L);
        body.put("CpuShares", 512);
        body.put("Short", (short) 7);
        body.put("NanoCpus", 1.5);
        body.put("Ratio", 0.1f);
        body.put("Big", new BigInteger("92233720368547758070"));
        body.put("Decimal", new BigDecimal("12.500"));
        body.put("Nothing", null);
        body.put("Sorted", new TreeMap<>(Map.of("b", 2, "a", 1)));
        body.put("Set", Set.of("only"));
        body.put("Nested", Map.of("ExposedPorts", Map.of("80/tcp", Map.of())));
        body.put("Tree", MAPPER.readTree("{\"n\":1.25,\"a\":[true,null,\"x\",9223372036854775807],\"o\":{}}"));

        assertArrayEquals(MAPPER.writeValueAsBytes(body), PlainJsonWriter.bytes(body));
        assertArrayEquals(MAPPER.writeValueAsBytes(Arrays.asList(1, "two", null)), PlainJsonWriter.bytes(Arrays.asList(1, "two", null)));
        assertArrayEquals("null".getBytes(StandardCharsets.UTF_8), PlainJsonWriter.bytes(null));
    }

    record Bean(String name) {
    }

    @Test
    void leavesOtherValuesToTheMapper() throws Exception {
        assertThrows(PlainJsonWriter.UnsupportedValue.class, () -> PlainJsonWriter.bytes(Map.of("bean", new Bean("x"))));
        assertArrayEquals(MAPPER.writeValueAsBytes(Map.of("bean", new Bean("x"))), Json.bytes(Map.of("bean", new Bean("x"))));
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "x");
        assertThrows(PlainJsonWriter.UnsupportedValue.class, () -> PlainJsonWriter.bytes(nullKey));
        assertThrows(java.io.UncheckedIOException.class, () -> Json.bytes(nullKey));
    }
}
