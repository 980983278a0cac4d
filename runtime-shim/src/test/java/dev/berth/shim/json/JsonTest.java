package dev.berth.shim.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesWhatRuncAndTheGatewayWrite() {
        Object value = Json.parse(" {\"a\": [1, -2, 3.5e2, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\","
                + " \"big\": 18446744073709551615, \"o\": {}} ");
        List<Object> a = Json.array(Json.at(value, "a"));
        assertEquals(1L, ((Number) a.get(0)).longValue());
        assertEquals(-2L, ((Number) a.get(1)).longValue());
        assertEquals(350.0, ((Number) a.get(2)).doubleValue());
        assertEquals(List.of(true, false), a.subList(3, 5));
        assertEquals(null, Json.array(Json.at(value, "a")).get(5));
        assertEquals("q\"\\/\n\u00e9\ud83d\ude00", Json.at(value, "s"));
        assertEquals(new BigInteger("18446744073709551615"), Json.at(value, "big"));
        assertEquals(Map.of(), Json.at(value, "o"));
        assertEquals(0, Json.longAt(value, "missing", "deeper"));
    }

    @Test
    void writesJsonThatOthersReadBack() throws Exception {
        Object value = Json.parse("{\"k\":[1,{\"x\":\"a\\u0001b\"}],\"n\":9223372036854775807,\"t\":true}");
        String compact = Json.write(value);
        assertEquals("{\"k\":[1,{\"x\":\"a\\u0001b\"}],\"n\":9223372036854775807,\"t\":true}", compact);
        ObjectMapper jackson = new ObjectMapper();
        assertEquals(jackson.readTree(compact), jackson.readTree(Json.writePretty(value)));
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "{} x", "01x", "\"\\x\"")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
