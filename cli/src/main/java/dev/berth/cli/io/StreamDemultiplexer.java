package dev.berth.cli.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Splits docker's multiplexed stream (containers without a TTY): frames of an 8-byte header
 * {type, 0, 0, 0, uint32 big-endian size} and then size bytes of payload. Type 0 (stdin echo)
 * and 1 go to stdout, 2 and 3 (the daemon's own errors) to stderr.
 */
public final class StreamDemultiplexer {
    private static final int HEADER_SIZE = 8;
    private static final int COPY_BUFFER = 32 * 1024;

    private StreamDemultiplexer() {
    }

    /** Copies every frame until end of stream, flushing after each so output appears as it comes. */
    public static void copy(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[HEADER_SIZE];
        byte[] buffer = new byte[COPY_BUFFER];
        while (true) {
            int got = readFully(in, header, HEADER_SIZE);
            if (got == 0) {
                return;
            }
            if (got < HEADER_SIZE) {
                throw new EOFException("stream ended inside a frame header");
            }
            OutputStream target = switch (header[0]) {
                case 0, 1 -> stdout;
                case 2, 3 -> stderr;
                default -> throw new IOException("unknown stream type " + header[0] + " in a multiplexed stream");
            };
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8) | (header[7] & 0xffL);
            while (size > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size));
                if (n < 0) {
                    throw new EOFException("stream ended inside a frame of " + size + " more bytes");
                }
                target.write(buffer, 0, n);
                size -= n;
            }
            target.flush();
        }
    }

    /** Copies a raw (TTY) stream as it comes. */
    public static void copyRaw(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(b, off, len - off);
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off;
    }
}
