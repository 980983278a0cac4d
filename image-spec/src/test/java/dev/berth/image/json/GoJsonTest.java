package dev.berth.image.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.InvalidDocumentException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Go's encoding/json writes, checked against strings produced by Go's json.Marshal. */
class GoJsonTest {
    private static String write(String value) {
        ObjectNode node = GoJson.newObject();
        node.put("v", value);
        return new String(GoJson.write(node), StandardCharsets.UTF_8);
    }

    @Test
    void escapesHtmlCharactersAndLineSeparatorsAsGoDoes() {
        assertEquals("{\"v\":\"a \\u0026\\u0026 b \\u003c\\u003e\"}", write("a && b <>"));
        assertEquals("{\"v\":\"\\u2028\\u2029\"}", write("\u2028\u2029"));
        assertEquals("{\"v\":\"\\n\\t\\r\\\"\\\\\\u0001\\u001f\"}", write("\n\t\r\"\\\u0001\u001f"));
        assertEquals("{\"v\":\"caf\u00e9 \u2603 /\"}", write("caf\u00e9 \u2603 /"), "other characters are written as UTF-8, / unescaped");
    }

    @Test
    void writesTimesAsGoDoes() {
        assertEquals("2024-09-26T21:31:42Z", GoTime.format(OffsetDateTime.of(2024, 9, 26, 21, 31, 42, 0, ZoneOffset.UTC)));
        assertEquals("2024-09-26T21:31:42.12Z", GoTime.format(OffsetDateTime.of(2024, 9, 26, 21, 31, 42, 120_000_000, ZoneOffset.UTC)));
        assertEquals("2024-09-26T21:31:42.000000001+02:00",
                GoTime.format(OffsetDateTime.of(2024, 9, 26, 21, 31, 42, 1, ZoneOffset.ofHours(2))));
        assertEquals("0001-01-01T00:00:00Z", GoTime.format(GoTime.parse("0001-01-01T00:00:00Z")));
        assertEquals("2023-07-18T23:19:33.655005962Z", GoTime.format(GoTime.parse("2023-07-18T23:19:33.655005962Z")));
        assertEquals("2023-07-18T23:19:33-07:00", GoTime.format(GoTime.parse("2023-07-18T23:19:33-07:00")));
    }

    @Test
    void writesMapsSortedAndSetsAsEmptyObjects() {
        ObjectNode node = new JsonObjectWriter()
                .stringMap("m", java.util.Map.of("b", "2", "a", "1", "A", "0"))
                .keySet("s", List.of("443/tcp", "80/tcp"))
                .strings("empty", List.of())
                .bool("no", false)
                .number("zero", 0)
                .numberAlways("size", 0)
                .build();
        assertEquals("{\"m\":{\"A\":\"0\",\"a\":\"1\",\"b\":\"2\"},\"s\":{\"443/tcp\":{},\"80/tcp\":{}},\"size\":0}",
                new String(GoJson.write(node), StandardCharsets.UTF_8));
    }

    @Test
    void readsStrictly() {
        assertThrows(InvalidDocumentException.class, () -> GoJson.readObject("{\"a\":1}x".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(InvalidDocumentException.class, () -> GoJson.readObject("{'a':1}".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(InvalidDocumentException.class, () -> GoJson.readObject("".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(InvalidDocumentException.class, () -> GoJson.readObject("null".getBytes(StandardCharsets.UTF_8), "x"));
    }
}
