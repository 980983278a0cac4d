package dev.berth.snapshot.diff;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256-digests every byte written through it. */
final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest digest;
    private long count;

    DigestingOutputStream(OutputStream out) {
        super(out);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        digest.update(buffer, offset, length);
        count += length;
    }

    long count() {
        return count;
    }

    /** "sha256:<hex>" of what was written; call once, when writing is done. */
    String digest() {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
