package dev.berth.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** "Sending build context to Docker daemon": only the final count without a terminal, redrawn on one. */
class UploadProgressTest {

    private static String send(int size, boolean terminal) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (InputStream in = new UploadProgress(new ByteArrayInputStream(new byte[size]), new PrintStream(printed, true, StandardCharsets.UTF_8), terminal)) {
            in.transferTo(OutputStreamNull.INSTANCE);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalOnlyTheTotalIsPrinted() throws Exception {
        assertEquals("Sending build context to Docker daemon  2.048kB\r\r\n", send(2048, false));
        assertEquals("Sending build context to Docker daemon  3.146MB\r\r\n", send(3 * 1024 * 1024, false));
    }

    @Test
    void onATerminalTheLineIsRedrawnAsTheContextGoes() throws Exception {
        String printed = send(3 * 1024 * 1024, true);
        assertEquals("Sending build context to Docker daemon  3.146MB\r\r\n",
                printed.substring(printed.lastIndexOf("Sending")));
        assertEquals(true, printed.indexOf("Sending") < printed.lastIndexOf("Sending"), printed);
    }

    /** Discards what it is given. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
