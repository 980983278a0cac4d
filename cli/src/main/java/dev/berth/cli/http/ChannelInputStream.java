package dev.berth.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Buffered reads straight from the channel. Channels.newInputStream is avoided on purpose:
 * it locks the channel's blocking lock, so a reader would stall a concurrent writer on a
 * hijacked connection.
 */
final class ChannelInputStream extends InputStream {
    private static final int MAX_LINE = 64 * 1024;
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();

    ChannelInputStream(ReadableByteChannel channel) {
        this.channel = channel;
    }

    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        buffer.clear();
        int n;
        do {
            n = channel.read(buffer);
        } while (n == 0);
        buffer.flip();
        return n > 0;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    /** One line without its CR LF (bytes read as ISO-8859-1), or null at end of stream before any byte. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = read()) != -1) {
            if (c == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("HTTP header line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
        if (line.isEmpty()) {
            return null;
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
