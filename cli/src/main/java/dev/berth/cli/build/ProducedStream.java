package dev.berth.cli.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * An InputStream fed by a producer thread (Go's io.Pipe with a goroutine): the build context is
 * written as it is read, never held whole in memory. A producer's failure reaches the reader as
 * an IOException once the bytes written before it are drained; closing the reader stops it.
 */
public final class ProducedStream extends InputStream {
    private static final int PIPE_SIZE = 256 * 1024;

    /** What writes the stream. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final PipedInputStream pipe;
    private volatile IOException failure;

    private ProducedStream(PipedInputStream pipe) {
        this.pipe = pipe;
    }

    public static ProducedStream start(String name, Producer producer) throws IOException {
        PipedInputStream in = new PipedInputStream(PIPE_SIZE);
        PipedOutputStream out = new PipedOutputStream(in);
        ProducedStream stream = new ProducedStream(in);
        Thread.ofPlatform().daemon().name(name).start(() -> {
            // the failure is recorded before the pipe closes, so the reader never takes it for an end
            try {
                producer.writeTo(out);
            } catch (IOException e) {
                stream.failure = e;
            } catch (RuntimeException e) {
                stream.failure = new IOException(e.getMessage(), e);
            } finally {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the reader went away
                }
            }
        });
        return stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = pipe.read(b, off, len);
        } catch (IOException broken) {
            throw failure != null ? failure : broken;
        }
        if (n < 0 && failure != null) {
            throw failure;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return pipe.available();
    }

    @Override
    public void close() throws IOException {
        pipe.close();
    }
}
