package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressor's stream whose read errors become INVALID_ARGUMENT naming the format: they mean
 * the blob is not valid gzip or zstd (a bad CRC, a size trailer that lies, a cut stream), not that
 * the snapshotter failed. The blob underneath reports its own errors as gRPC statuses, not IOExceptions.
 */
final class CorruptStreamErrors extends FilterInputStream {
    private final String format;

    CorruptStreamErrors(InputStream in, String format) {
        super(in);
        this.format = format;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private RuntimeException corrupt(IOException e) {
        return invalidArgument("layer is not valid " + format + " (" + e.getMessage() + ")");
    }
}
