package dev.berth.gateway.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The layer cache's keys: the parent and the container config, independent of map order. */
class StepCacheTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode config(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json);
    }

    @Test
    void equalConfigsGiveEqualKeysWhateverTheirOrder() throws Exception {
        String a = StepCache.key("sha256:1", config("{\"Cmd\":[\"/bin/sh\",\"-c\",\"echo\"],\"Labels\":{\"a\":\"1\",\"b\":\"2\"}}"));
        String b = StepCache.key("sha256:1", config("{\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Cmd\":[\"/bin/sh\",\"-c\",\"echo\"]}"));
        assertEquals(a, b);
        assertTrue(a.matches("[0-9a-f]{64}"));
        assertEquals("berth.build.cache/" + a, StepCache.recordName("sha256:1", config("{\"Cmd\":[\"/bin/sh\",\"-c\",\"echo\"],"
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}}")));
    }

    @Test
    void theParentTheCommandAndTheEnvironmentAllCount() throws Exception {
        String base = StepCache.key("sha256:1", config("{\"Cmd\":[\"|1\",\"A=b\",\"/bin/sh\",\"-c\",\"x\"],\"Env\":[\"P=1\"]}"));
        assertNotEquals(base, StepCache.key("sha256:2", config("{\"Cmd\":[\"|1\",\"A=b\",\"/bin/sh\",\"-c\",\"x\"],\"Env\":[\"P=1\"]}")));
        assertNotEquals(base, StepCache.key("sha256:1", config("{\"Cmd\":[\"|1\",\"A=c\",\"/bin/sh\",\"-c\",\"x\"],\"Env\":[\"P=1\"]}")));
        assertNotEquals(base, StepCache.key("sha256:1", config("{\"Cmd\":[\"|1\",\"A=b\",\"/bin/sh\",\"-c\",\"x\"],\"Env\":[\"P=2\"]}")));
    }

    @Test
    void copyHashesCombineAsMobysDo() {
        var one = new CopySources.Source("a", null, false, "file:aa");
        var two = new CopySources.Source("b", null, false, "file:bb");
        assertEquals("file:aa", CopySources.combined(java.util.List.of(one)));
        assertEquals(CopySources.hashList("multi", java.util.List.of("file:aa", "file:bb")),
                CopySources.combined(java.util.List.of(one, two)));
        // sha256("file:aa,file:bb")
        assertTrue(CopySources.combined(java.util.List.of(one, two)).startsWith("multi:"));
    }
}
