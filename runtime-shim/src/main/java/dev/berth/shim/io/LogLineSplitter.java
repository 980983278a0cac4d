package dev.berth.shim.io;

import java.time.Instant;
import java.util.Arrays;

/**
 * Cuts one output stream into json-file log entries as Docker's log copier does: an entry per
 * line including its '\n'; a line longer than 16 KiB is written in 16 KiB pieces, and what is
 * left without a newline when the stream ends becomes an entry of its own.
 */
public final class LogLineSplitter {
    public static final int MAX_ENTRY = 16 * 1024;

    /** Where the entries go. */
    public interface EntrySink {
        void entry(byte[] data, int offset, int length, Instant time);
    }

    private final EntrySink sink;
    private byte[] pending = new byte[256];
    private int size;

    public LogLineSplitter(EntrySink sink) {
        this.sink = sink;
    }

    public void accept(byte[] data, int offset, int length, Instant time) {
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            append(b);
            if (b == '\n' || size == MAX_ENTRY) {
                sink.entry(pending, 0, size, time);
                size = 0;
            }
        }
    }

    /** The stream ended: flush a last line without newline. */
    public void finish(Instant time) {
        if (size > 0) {
            sink.entry(pending, 0, size, time);
            size = 0;
        }
        if (pending.length > 4096) {
            pending = new byte[256];
        }
    }

    private void append(byte b) {
        if (size == pending.length) {
            pending = Arrays.copyOf(pending, Math.min(MAX_ENTRY, pending.length * 2));
        }
        pending[size++] = b;
    }
}
