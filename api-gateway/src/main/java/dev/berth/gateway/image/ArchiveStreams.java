package dev.berth.gateway.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Archives as Docker takes them (its DecompressStream): plain, or gzip, bzip2, xz or zstd compressed. */
public final class ArchiveStreams {
    private ArchiveStreams() {}

    /** The stream, decompressed when it is gzip, bzip2, xz or zstd. */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        String type;
        try {
            type = CompressorStreamFactory.detect(buffered);
        } catch (CompressorException notCompressed) {
            return buffered;
        }
        try {
            return new CompressorStreamFactory().createCompressorInputStream(type, buffered, true);
        } catch (CompressorException e) {
            throw new IOException("cannot decompress the " + type + " stream: " + e.getMessage(), e);
        }
    }
}
