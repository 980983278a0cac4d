package dev.berth.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts the bytes read through it, so a downloaded blob can be checked against its
 * descriptor without a second read: read to the end, then {@link #verify(Digest, long)}.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final DigestAlgorithm algorithm;
    private final MessageDigest hash;
    private long size;

    public DigestingInputStream(InputStream in) {
        this(in, DigestAlgorithm.SHA256);
    }

    public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.hash = algorithm.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hash.update((byte) b);
            size++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hash.update(b, off, n);
            size += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, or the digest would be wrong.
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** The digest of the bytes read so far (hashing goes on afterwards). */
    public Digest digest() {
        try {
            return Digest.fromHash(algorithm, ((MessageDigest) hash.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public long size() {
        return size;
    }

    /** Throws {@link IOException} when what was read is not {@code expected} of {@code expectedSize} bytes (-1: any size). */
    public void verify(Digest expected, long expectedSize) throws IOException {
        if (expectedSize >= 0 && size != expectedSize) {
            throw new IOException("size mismatch: expected " + expectedSize + " bytes, read " + size);
        }
        Digest actual = digest();
        if (!actual.equals(expected)) {
            throw new IOException("digest mismatch: expected " + expected + ", got " + actual);
        }
    }
}
