package dev.berth.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through to another stream while hashing and counting them, so a blob is
 * written and its descriptor (digest and size) known in one pass.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final DigestAlgorithm algorithm;
    private final MessageDigest hash;
    private long size;
    private Digest digest;

    public DigestingOutputStream(OutputStream out) {
        this(out, DigestAlgorithm.SHA256);
    }

    public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.hash = algorithm.newMessageDigest();
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        out.write(b);
        hash.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        out.write(b, off, len);
        hash.update(b, off, len);
        size += len;
    }

    /** The digest of everything written; ends hashing, so later writes fail. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.fromHash(algorithm, hash.digest());
        }
        return digest;
    }

    /** The number of bytes written so far. */
    public long size() {
        return size;
    }

    private void checkOpen() {
        if (digest != null) {
            throw new IllegalStateException("the digest was already taken");
        }
    }
}
