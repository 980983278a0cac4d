package dev.berth.shim.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The json-file log byte for byte as moby writes it, and Docker's line splitting. */
class JsonFileLogTest {
    private static final Instant T = Instant.parse("2026-11-22T21:47:22.019284512Z");

    private static String encode(byte[] data) {
        return new String(JsonFileLog.encode("stdout", data, 0, data.length, T), StandardCharsets.UTF_8);
    }

    @Test
    void entriesAreEncodedAsMobyDoes() {
        assertEquals("{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-22T21:47:22.019284512Z\"}\n",
                encode("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"log\":\"\\u003ca\\u003e \\u0026 \\\"q\\\" \\\\ \\r\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-22T21:47:22.019284512Z\"}\n",
                encode("<a> & \"q\" \\ \r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"log\":\"é\\ufffd\\ufffd\\u2028\",\"stream\":\"stdout\",\"time\":\"2026-11-22T21:47:22.019284512Z\"}\n",
                encode(new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff, (byte) 0xe2, (byte) 0xe2, (byte) 0x80, (byte) 0xa8}));
    }

    @Test
    void tabsAreUnicodeEscapes() {
        assertEquals("{\"log\":\"\\u0009\",\"stream\":\"stdout\",\"time\":\"2026-11-22T21:47:22.019284512Z\"}\n",
                encode(new byte[] {'\t'}));
    }

    @Test
    void timesAreRfc3339NanoWithoutTrailingZeros() {
        assertEquals("2026-11-22T21:47:22.0192845Z", Timestamps.rfc3339Nano(Instant.parse("2026-11-22T21:47:22.019284500Z")));
        assertEquals("2026-11-22T21:47:22Z", Timestamps.rfc3339Nano(Instant.parse("2026-11-22T21:47:22Z")));
    }

    @Test
    void linesAreSplitAndLongOnesCutAt16KiB() {
        List<String> entries = new ArrayList<>();
        LogLineSplitter splitter = new LogLineSplitter((d, o, l, t) -> entries.add(new String(d, o, l, StandardCharsets.UTF_8)));
        byte[] first = "one\ntw".getBytes(StandardCharsets.UTF_8);
        splitter.accept(first, 0, first.length, T);
        byte[] second = "o\nthree".getBytes(StandardCharsets.UTF_8);
        splitter.accept(second, 0, second.length, T);
        assertEquals(List.of("one\n", "two\n"), entries);
        splitter.finish(T);
        assertEquals("three", entries.getLast());

        entries.clear();
        byte[] longLine = ("x".repeat(LogLineSplitter.MAX_ENTRY + 10) + "\n").getBytes(StandardCharsets.UTF_8);
        splitter.accept(longLine, 0, longLine.length, T);
        assertEquals(2, entries.size());
        assertEquals(LogLineSplitter.MAX_ENTRY, entries.getFirst().length());
        assertEquals("x".repeat(10) + "\n", entries.get(1));
    }

    @Test
    void everyEntryIsAppendedAsOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c-json.log");
        try (JsonFileLog log = JsonFileLog.open(file)) {
            byte[] a = "a\n".getBytes(StandardCharsets.UTF_8);
            log.append("stdout", a, 0, a.length, T);
            log.append("stderr", a, 0, a.length, T);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals("{\"log\":\"a\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-22T21:47:22.019284512Z\"}", lines.get(1));
    }
}
