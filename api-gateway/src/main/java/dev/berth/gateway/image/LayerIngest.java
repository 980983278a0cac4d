package dev.berth.gateway.image;

import dev.berth.image.Digest;
import dev.berth.image.DigestAlgorithm;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Streams a layer (a tar, or a gzip-compressed tar stored as is) into the content store in one
 * pass, computing the blob's digest and the diff id (digest of the uncompressed tar) on the way.
 */
final class LayerIngest {
    static final String MEDIA_TYPE_TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String MEDIA_TYPE_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final int CHUNK = 1 << 20;

    /** The stored layer: blob digest, its size and media type; the diff id and uncompressed size. */
    record Layer(Digest digest, long size, String mediaType, Digest diffId, long uncompressedSize) {}

    private LayerIngest() {}

    /** Ingests {@code source}; a body that is not a (gzipped) tar is a 400 and leaves no ingest behind. */
    static Layer ingest(ContentBlobs blobs, InputStream source) throws IOException {
        try {
            return ingestChecked(blobs, source);
        } catch (java.util.zip.ZipException e) {
            throw dev.berth.gateway.api.DockerApiException.badRequest("invalid gzip stream: " + e.getMessage());
        }
    }

    private static Layer ingestChecked(ContentBlobs blobs, InputStream source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        try (ContentBlobs.Upload upload = blobs.begin("import-" + UUID.randomUUID())) {
            Tee raw = new Tee(in, upload);
            MessageDigest uncompressedDigest = gzip ? DigestAlgorithm.SHA256.newMessageDigest() : raw.digest;
            InputStream tar = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            byte[] header = tar.readNBytes(TarHeaders.BLOCK);
            TarHeaders.requireArchiveStart(header);
            if (gzip) {
                uncompressedDigest.update(header);
            }
            long uncompressedSize = header.length;
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = tar.read(buffer)) > 0; ) {
                if (gzip) {
                    uncompressedDigest.update(buffer, 0, n);
                }
                uncompressedSize += n;
            }
            if (gzip) {
                // whatever follows the gzip stream is part of the blob as the client sent it
                while (raw.read(buffer) > 0) {
                    // Tee stores and digests it
                }
            }
            raw.flush();
            Digest digest = Digest.fromHash(DigestAlgorithm.SHA256, raw.digest.digest());
            Digest diffId = gzip ? Digest.fromHash(DigestAlgorithm.SHA256, uncompressedDigest.digest()) : digest;
            upload.commit(digest.toString(), Map.of("containerd.io/uncompressed", diffId.toString()));
            return new Layer(digest, raw.size, gzip ? MEDIA_TYPE_TAR_GZIP : MEDIA_TYPE_TAR, diffId, uncompressedSize);
        }
    }

    /** Passes every byte read through to the upload, in chunks, and digests it. */
    private static final class Tee extends FilterInputStream {
        final MessageDigest digest = DigestAlgorithm.SHA256.newMessageDigest();
        private final ContentBlobs.Upload upload;
        private final byte[] pending = new byte[CHUNK];
        private int pendingLength;
        long size;

        Tee(InputStream in, ContentBlobs.Upload upload) {
            super(in);
            this.upload = upload;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                size += n;
                int copied = 0;
                while (copied < n) {
                    int take = Math.min(n - copied, CHUNK - pendingLength);
                    System.arraycopy(b, off + copied, pending, pendingLength, take);
                    pendingLength += take;
                    copied += take;
                    if (pendingLength == CHUNK) {
                        flush();
                    }
                }
            }
            return n;
        }

        void flush() {
            upload.write(pending, 0, pendingLength);
            pendingLength = 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, 8192)];
            int read = read(scratch, 0, scratch.length);
            return Math.max(read, 0);
        }
    }
}
