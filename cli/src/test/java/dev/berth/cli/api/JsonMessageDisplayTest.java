package dev.berth.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker 28's jsonmessage display: what a terminal and a pipe each get for the same stream. */
class JsonMessageDisplayTest {
    private static final String PULL = "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"a\"}\n"
            + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":1000},\"progress\":\"[==>  ]\",\"id\":\"a\"}\n"
            + "{\"stream\":\"Step 2/2\\n\"}\n";

    private static String show(String stream, boolean terminal, int width, List<JsonNode> aux) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JsonMessageDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, width, aux::add)
                .display(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsLinesPerIdRedrawnInPlace() throws Exception {
        String bar = "[" + "=".repeat(25) + ">" + " ".repeat(25) + "]     500B/1kB";
        assertEquals("\n\u001b[1A\u001b[2K\ra: Pulling fs layer \r\u001b[1B"
                + "\u001b[1A\u001b[2K\ra: Downloading " + bar + "\r\u001b[1B"
                + "Step 2/2\n", show(PULL, true, 120, new ArrayList<>()));
        assertEquals("\n\u001b[1A\u001b[2K\ra: Downloading     500B/1kB\r\u001b[1B",
                show("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":1000},\"id\":\"a\"}", true, 80, new ArrayList<>()),
                "no bar on terminals of 110 columns or fewer");
    }

    @Test
    void aPipeGetsNoProgressBars() throws Exception {
        assertEquals("a: Pulling fs layer\nStep 2/2\n", show(PULL, false, 0, new ArrayList<>()));
    }

    @Test
    void auxGoesToTheCallbackAndErrorsEndTheStreamWithTheirCode() throws Exception {
        List<JsonNode> aux = new ArrayList<>();
        assertEquals("", show("{\"aux\":{\"ID\":\"sha256:1\"}}", false, 0, aux));
        assertEquals("sha256:1", aux.getFirst().path("ID").asText());
        JsonMessageDisplay.Failure failure = assertThrows(JsonMessageDisplay.Failure.class,
                () -> show("{\"errorDetail\":{\"code\":2,\"message\":\"boom\"}}{\"stream\":\"x\"}", false, 0, aux));
        assertEquals("boom", failure.getMessage());
        assertEquals(2, failure.code());
        assertEquals(1, assertThrows(JsonMessageDisplay.Failure.class, () -> show("{\"errorDetail\":{\"message\":\"m\"}}", false, 0, aux)).code());
    }
}
