package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;
import static dev.berth.snapshot.Errdefs.unimplemented;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The layer media types Apply takes, and decompression chosen by the stream's magic bytes (as
 * containerd's compression.DecompressStream), whatever the media type claims.
 */
public final class LayerStreams {
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    private static final Set<String> SUPPORTED = Set.of(
            OCI_LAYER_TAR,
            OCI_LAYER_TAR + "+gzip",
            OCI_LAYER_TAR + "+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private LayerStreams() {}

    /** Refuses media types that are no layer this applier understands (encrypted ones included). */
    public static void checkMediaType(String mediaType) {
        if (!mediaType.isEmpty() && !SUPPORTED.contains(mediaType)) {
            throw unimplemented("unsupported diff media type: " + mediaType);
        }
    }

    /** The uncompressed tar stream of a layer blob; closing it closes {@code blob}. */
    public static InputStream decompress(InputStream blob) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
        in.mark(ZSTD_MAGIC.length);
        byte[] magic = in.readNBytes(ZSTD_MAGIC.length);
        in.reset();
        try {
            if (startsWith(magic, GZIP_MAGIC)) {
                return new CorruptStreamErrors(
                        GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get(), "gzip");
            }
            if (startsWith(magic, ZSTD_MAGIC)) {
                return new CorruptStreamErrors(new ZstdCompressorInputStream(in), "zstd");
            }
        } catch (IOException e) {
            throw invalidArgument("layer has a corrupt " + (startsWith(magic, GZIP_MAGIC) ? "gzip" : "zstd")
                    + " header (" + e.getMessage() + ")");
        }
        return in;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
