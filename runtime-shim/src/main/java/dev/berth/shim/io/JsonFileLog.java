package dev.berth.shim.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's json-file log: one {@code {"log":...,"stream":...,"time":...}} object per line, encoded
 * byte for byte as moby's jsonlog does it (HTML characters escaped, invalid UTF-8 as U+FFFD).
 * Each entry is one append-mode write, so a killed shim loses nothing it has already read.
 */
public final class JsonFileLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileLog.class);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final FileChannel channel;
    private boolean failed;

    private JsonFileLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    public static JsonFileLog open(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonFileLog(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** Appends one entry; a failing disk is logged once and does not stop the container's output. */
    public synchronized void append(String stream, byte[] data, int offset, int length, Instant time) {
        ByteBuffer entry = ByteBuffer.wrap(encode(stream, data, offset, length, time));
        try {
            while (entry.hasRemaining()) {
                channel.write(entry);
            }
            failed = false;
        } catch (IOException e) {
            if (!failed) {
                LOG.warn("cannot write container log {}: {}", path, e.toString());
            }
            failed = true;
        }
    }

    public static byte[] encode(String stream, byte[] data, int offset, int length, Instant time) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 80);
        out.write('{');
        if (length > 0) {
            out.writeBytes("\"log\":".getBytes(StandardCharsets.US_ASCII));
            writeJsonString(out, data, offset, length);
            out.write(',');
        }
        out.writeBytes("\"stream\":".getBytes(StandardCharsets.US_ASCII));
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        writeJsonString(out, name, 0, name.length);
        out.writeBytes((",\"time\":\"" + Timestamps.rfc3339Nano(time) + "\"}\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** moby's ffjsonWriteJSONBytesAsString. */
    private static void writeJsonString(ByteArrayOutputStream out, byte[] s, int offset, int length) {
        int end = offset + length;
        out.write('"');
        int start = offset;
        int i = offset;
        while (i < end) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                    i++;
                    continue;
                }
                out.write(s, start, i - start);
                switch (b) {
                    case '\\', '"' -> {
                        out.write('\\');
                        out.write(b);
                    }
                    case '\n' -> {
                        out.write('\\');
                        out.write('n');
                    }
                    case '\r' -> {
                        out.write('\\');
                        out.write('r');
                    }
                    default -> {
                        out.write('\\');
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xf]);
                    }
                }
                i++;
                start = i;
                continue;
            }
            int size = Utf8.validSequenceLength(s, i, end);
            if (size == 0) {
                out.write(s, start, i - start);
                out.writeBytes("\\ufffd".getBytes(StandardCharsets.US_ASCII));
                i++;
                start = i;
                continue;
            }
            // U+2028 and U+2029 (E2 80 A8/A9) break JavaScript, so Go escapes them
            if (size == 3 && b == 0xe2 && (s[i + 1] & 0xff) == 0x80 && ((s[i + 2] & 0xff) == 0xa8 || (s[i + 2] & 0xff) == 0xa9)) {
                out.write(s, start, i - start);
                out.writeBytes(("\\u202" + ((s[i + 2] & 0xff) == 0xa8 ? '8' : '9')).getBytes(StandardCharsets.US_ASCII));
                i += 3;
                start = i;
                continue;
            }
            i += size;
        }
        out.write(s, start, end - start);
        out.write('"');
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing buffered: every entry was written when it was appended
        }
    }

    /** Go's utf8.DecodeRune validity rules. */
    static final class Utf8 {
        private Utf8() {}

        /** The length of the valid UTF-8 sequence at {@code i}, or 0 when Go would decode RuneError of size 1. */
        static int validSequenceLength(byte[] s, int i, int end) {
            int b0 = s[i] & 0xff;
            int size;
            int lo = 0x80;
            int hi = 0xbf;
            if (b0 >= 0xc2 && b0 <= 0xdf) {
                size = 2;
            } else if (b0 >= 0xe0 && b0 <= 0xef) {
                size = 3;
                if (b0 == 0xe0) {
                    lo = 0xa0;
                } else if (b0 == 0xed) {
                    hi = 0x9f; // no surrogates
                }
            } else if (b0 >= 0xf0 && b0 <= 0xf4) {
                size = 4;
                if (b0 == 0xf0) {
                    lo = 0x90;
                } else if (b0 == 0xf4) {
                    hi = 0x8f;
                }
            } else {
                return 0;
            }
            if (i + size > end) {
                return 0;
            }
            int b1 = s[i + 1] & 0xff;
            if (b1 < lo || b1 > hi) {
                return 0;
            }
            for (int k = 2; k < size; k++) {
                int b = s[i + k] & 0xff;
                if (b < 0x80 || b > 0xbf) {
                    return 0;
                }
            }
            return size;
        }
    }
}
