package dev.berth.registry.blob;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a download that survives dropped connections: when a read fails, the source is
 * reopened at the offset reached (an HTTP Range request) and reading goes on, a few times at most.
 */
final class ResumingInputStream extends InputStream {

    /** Opens the content from an offset; must answer exactly the bytes from there on. */
    @FunctionalInterface
    interface Source {
        InputStream openAt(long offset) throws IOException;
    }

    private final Source source;
    private final int maxResumes;
    private InputStream current;
    private long offset;
    private int resumes;

    ResumingInputStream(InputStream first, Source source, int maxResumes) {
        this.current = first;
        this.source = source;
        this.maxResumes = maxResumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    offset += n;
                }
                return n;
            } catch (IOException e) {
                if (resumes >= maxResumes) {
                    throw e;
                }
                resumes++;
                closeQuietly();
                current = source.openAt(offset);
            }
        }
    }

    long resumes() {
        return resumes;
    }

    @Override
    public void close() throws IOException {
        current.close();
    }

    private void closeQuietly() {
        try {
            current.close();
        } catch (IOException ignored) {
            // the connection already failed; a new one replaces it
        }
    }
}
