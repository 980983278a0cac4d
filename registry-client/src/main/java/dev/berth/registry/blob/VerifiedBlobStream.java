package dev.berth.registry.blob;

import dev.berth.image.Digest;
import dev.berth.image.DigestingInputStream;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes as they arrive, hashed on the way; at the end of the stream (or past the expected
 * size) it throws a {@link RegistryException} of kind INVALID_CONTENT instead of returning EOF when
 * the bytes are not the digest's, so a caller that reads to the end never takes bad content.
 */
public final class VerifiedBlobStream extends FilterInputStream {

    private final Digest expected;
    private final long expectedSize;
    private final DigestingInputStream digesting;
    private boolean verified;

    VerifiedBlobStream(InputStream raw, Digest expected, long expectedSize) {
        this(new DigestingInputStream(raw, expected.algorithm()), expected, expectedSize);
    }

    private VerifiedBlobStream(DigestingInputStream digesting, Digest expected, long expectedSize) {
        super(digesting);
        this.digesting = digesting;
        this.expected = expected;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = digesting.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        if (expectedSize >= 0 && digesting.size() > expectedSize) {
            throw new RegistryException(Kind.INVALID_CONTENT, "blob " + expected + " is longer than its "
                    + expectedSize + " bytes");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return digesting.skip(n); // hashed too: skipping does not bypass verification
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return digesting.size();
    }

    private void verify() throws RegistryException {
        if (expectedSize >= 0 && digesting.size() != expectedSize) {
            throw new RegistryException(Kind.INVALID_CONTENT, "blob " + expected + " is truncated: expected "
                    + expectedSize + " bytes, got " + digesting.size());
        }
        Digest actual = digesting.digest();
        if (!actual.equals(expected)) {
            // Docker's words for a layer whose bytes are not its digest
            throw new RegistryException(Kind.INVALID_CONTENT, "filesystem layer verification failed for digest "
                    + expected + " (content has digest " + actual + ")");
        }
        verified = true;
    }
}
