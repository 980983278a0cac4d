package dev.berth.cli.http;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {
    private final ChannelInputStream in;
    private long remainingInChunk;
    private boolean done;

    ChunkedInputStream(ChannelInputStream in) {
        this.in = in;
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        if (remainingInChunk > 0) {
            return true;
        }
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int ext = line.indexOf(';');
        String size = (ext >= 0 ? line.substring(0, ext) : line).trim();
        try {
            remainingInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + line);
        }
        if (remainingInChunk < 0) {
            throw new IOException("bad chunk size: " + line);
        }
        if (remainingInChunk == 0) {
            String trailer;
            do {
                trailer = in.readLine();
            } while (trailer != null && !trailer.isEmpty());
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            String crlf = in.readLine();
            if (crlf == null || !crlf.isEmpty()) {
                throw new IOException("missing CRLF after chunk");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
