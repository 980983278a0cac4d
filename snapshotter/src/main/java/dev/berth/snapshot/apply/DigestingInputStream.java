package dev.berth.snapshot.apply;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and digests every byte read through it. */
public final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private long count;

    public DigestingInputStream(InputStream in, MessageDigest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes out of the digest
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end, so the digest covers the whole stream even where a reader stopped early. */
    public void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // digesting
        }
    }

    public long count() {
        return count;
    }

    /** "algorithm:hex", the algorithm named as OCI digests name it (sha256, sha512). */
    public String digest(String algorithm) {
        return algorithm + ":" + HexFormat.of().formatHex(digest.digest());
    }
}
