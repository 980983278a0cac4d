package dev.berth.gateway.distribution;

import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.common.grpc.LeaseContext;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.image.ContentBlobs;
import dev.berth.image.Digest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The content store as pull and push use it: whether a blob is there, its bytes streamed in and
 * out under their own digests, and the image records names point at.
 */
final class LocalContent {
    /** A layer moves at the registry's pace: reading one may take longer than an ordinary call. */
    private static final long STREAM_MINUTES = 60;
    private static final int CHUNK = 1024 * 1024;

    private final ServiceClients clients;
    private final ContentBlobs blobs;

    LocalContent(ServiceClients clients) {
        this.clients = clients;
        this.blobs = new ContentBlobs(clients);
    }

    /** The record a full name ({@code 127.0.0.1:5000/acc/bb:1.0}) has, if any. */
    Optional<Image> record(String name) {
        try {
            return Optional.of(clients.images().get(GetImageRequest.newBuilder().setName(name).build()).getImage());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    boolean exists(Digest digest) {
        try {
            clients.content().info(InfoRequest.newBuilder().setDigest(digest.toString()).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether the blob is already stored; if so it joins the current lease, so a garbage collection
     * cannot take it before the new image's labels refer to it.
     */
    boolean keepIfPresent(Digest digest) {
        if (!exists(digest)) {
            return false;
        }
        String lease = LeaseContext.current();
        if (lease != null) {
            clients.leases().addResource(AddResourceRequest.newBuilder().setId(lease)
                    .setResource(Resource.newBuilder().setId(digest.toString()).setType("content")).build());
        }
        return true;
    }

    /** Stores small bytes (a manifest, an index, a config) exactly as given. */
    void putBytes(Digest digest, byte[] content) {
        if (!keepIfPresent(digest)) {
            try (ContentBlobs.Upload upload = blobs.begin("pull-" + digest.hex() + "-" + UUID.randomUUID())) {
                upload.write(content, 0, content.length);
                upload.commit(digest.toString(), Map.of());
            }
        }
    }

    /** Streams {@code in} into the store as {@code digest}; the store checks the digest when it commits. */
    void putStream(Digest digest, long size, InputStream in, ByteCounter counter) throws IOException {
        try (ContentBlobs.Upload upload = blobs.begin("pull-" + digest.hex() + "-" + UUID.randomUUID())) {
            byte[] buffer = new byte[CHUNK];
            long total = 0;
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                upload.write(buffer, 0, n);
                total += n;
                counter.moved(total);
            }
            if (size >= 0 && total != size) {
                throw new IOException("blob " + digest + " has " + total + " bytes, not " + size);
            }
            upload.commit(digest.toString(), Map.of());
        }
    }

    /** Whole small blobs (manifests, configs). */
    byte[] read(Digest digest) {
        return blobs.read(digest.toString());
    }

    /** A blob's bytes as a stream; closing it early cancels the read. */
    InputStream open(Digest digest) {
        Context.CancellableContext call = Context.current().withCancellation();
        Iterator<ReadContentResponse> responses;
        Context previous = call.attach();
        try {
            responses = clients.content().withDeadlineAfter(STREAM_MINUTES, TimeUnit.MINUTES)
                    .read(ReadContentRequest.newBuilder().setDigest(digest.toString()).build());
        } finally {
            call.detach(previous);
        }
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (position >= chunk.length) {
                    try {
                        if (!responses.hasNext()) {
                            return -1;
                        }
                        chunk = responses.next().getData().toByteArray();
                    } catch (StatusRuntimeException e) {
                        throw new IOException("reading " + digest + " from the content store: " + e.getStatus(), e);
                    }
                    position = 0;
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, into, offset, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                call.cancel(null);
            }
        };
    }

    /** How many bytes of a blob have moved so far. */
    @FunctionalInterface
    interface ByteCounter {
        void moved(long bytes);
    }
}
