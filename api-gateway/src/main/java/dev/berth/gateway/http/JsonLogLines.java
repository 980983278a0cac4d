package dev.berth.gateway.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Complete lines of a json-file log that may still be growing: a line is handed out only once its
 * newline is written, so a half-written entry is never parsed.
 */
final class JsonLogLines implements Closeable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int limit;

    JsonLogLines(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** Lines in the file now; for tail, counted without holding them. */
    static long count(Path file) throws IOException {
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** The next complete line without its newline, or null when none is complete yet. */
    byte[] next() throws IOException {
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n <= 0) {
                    return null;
                }
                position = 0;
                limit = n;
            }
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    byte[] complete = line.toByteArray();
                    line.reset();
                    return complete;
                }
                line.write(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
