package dev.berth.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamDemultiplexerTest {

    static byte[] frame(int type, String payload) {
        return dev.berth.cli.testing.FakeDaemon.frame(type, payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void splitsStdoutAndStderr() throws IOException {
        byte[] stream = concat(frame(1, "out1\n"), frame(2, "err1\n"), frame(1, "out2\n"), frame(0, "echo"), frame(3, "sys"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamDemultiplexer.copy(new ByteArrayInputStream(stream), out, err);
        assertEquals("out1\nout2\necho", out.toString(StandardCharsets.UTF_8));
        assertEquals("err1\nsys", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void handlesFramesArrivingInPieces() throws IOException {
        String big = "x".repeat(100_000);
        byte[] stream = concat(frame(1, big), frame(2, ""), frame(1, "end"));
        // an input that returns at most 3 bytes per read, like a slow socket
        InputStream trickle = new ByteArrayInputStream(stream) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamDemultiplexer.copy(trickle, out, new ByteArrayOutputStream());
        assertEquals(big + "end", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void emptyStreamIsFine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamDemultiplexer.copy(new ByteArrayInputStream(new byte[0]), out, out);
        assertEquals(0, out.size());
    }

    @Test
    void rejectsTruncatedAndUnknownFrames() {
        byte[] whole = frame(1, "hello");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertThrows(IOException.class, () -> StreamDemultiplexer.copy(new ByteArrayInputStream(cut), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertThrows(IOException.class, () -> StreamDemultiplexer.copy(new ByteArrayInputStream(new byte[] {1, 0, 0}), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertThrows(IOException.class, () -> StreamDemultiplexer.copy(new ByteArrayInputStream(frame(9, "x")), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
    }

    @Test
    void rawCopyPassesBytesThrough() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamDemultiplexer.copyRaw(new ByteArrayInputStream(frame(1, "tty")), out);
        assertEquals(11, out.size());
    }
}
