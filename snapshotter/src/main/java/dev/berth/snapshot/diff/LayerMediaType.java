package dev.berth.snapshot.diff;

import static dev.berth.snapshot.Errdefs.unimplemented;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** The layer media types Diff writes, as containerd's walking differ: gzip when none is asked for. */
public enum LayerMediaType {
    TAR("application/vnd.oci.image.layer.v1.tar"),
    TAR_GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    TAR_ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    private final String mediaType;

    LayerMediaType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The type asked for; "" means tar+gzip. Anything else is refused as containerd refuses it,
     * UNIMPLEMENTED, which tells a caller holding several differs to try the next one.
     */
    public static LayerMediaType of(String requested) {
        if (requested.isEmpty()) {
            return TAR_GZIP;
        }
        for (LayerMediaType type : values()) {
            if (type.mediaType.equals(requested)) {
                return type;
            }
        }
        throw unimplemented("unsupported diff media type: " + requested);
    }

    /** A stream writing compressed data to {@code out}; closing it finishes the compression and closes {@code out}. */
    OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case TAR -> out;
            case TAR_GZIP -> new GzipCompressorOutputStream(out);
            case TAR_ZSTD -> new ZstdCompressorOutputStream(out);
        };
    }
}
