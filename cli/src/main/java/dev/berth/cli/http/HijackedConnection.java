package dev.berth.cli.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/**
 * A connection the server switched to a raw bidirectional stream after its response headers.
 * One thread may read while another writes.
 */
public final class HijackedConnection implements Closeable {
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    HijackedConnection(SocketChannel channel, InputStream input) {
        this.channel = channel;
        this.input = input;
        this.output = new ChannelOutputStream(channel);
    }

    /** What the server sends; starts with any bytes that arrived together with the headers. */
    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** Half-closes the connection: the server sees end of input (the container's stdin closes). */
    public void closeWrite() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
