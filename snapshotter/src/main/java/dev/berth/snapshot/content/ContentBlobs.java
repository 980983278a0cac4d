package dev.berth.snapshot.content;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads blobs from the content store (containerd.services.content.v1.Content) found at a
 * configured address, in the namespace of the call being served: one channel per namespace,
 * shared with {@link ContentUploads}.
 */
public final class ContentBlobs implements AutoCloseable {
    private final String address;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public ContentBlobs(String address) {
        this.address = address;
    }

    /**
     * Streams a whole blob. The returned stream must be closed: that cancels the read if it
     * was not consumed to the end. gRPC errors of the content store surface as
     * {@link StatusRuntimeException} from {@code read}.
     */
    public InputStream open(String namespace, String digest) {
        ManagedChannel channel = channel(namespace);
        Context.CancellableContext context = Context.current().withCancellation();
        Iterator<ReadContentResponse> chunks;
        Context previous = context.attach();
        try {
            chunks = ContentGrpc.newBlockingStub(channel).read(ReadContentRequest.newBuilder().setDigest(digest).build());
        } finally {
            context.detach(previous);
        }
        return new BlobStream(chunks, context);
    }

    /** The channel to the content store in {@code namespace}, shared by all calls made in it. */
    ManagedChannel channel(String namespace) {
        return channels.computeIfAbsent(namespace, ns -> GrpcChannels.dial(address, ns));
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private static final class BlobStream extends InputStream {
        private final Iterator<ReadContentResponse> chunks;
        private final Context.CancellableContext context;
        private ByteBuffer current = ByteBuffer.allocate(0);

        BlobStream(Iterator<ReadContentResponse> chunks, Context.CancellableContext context) {
            this.chunks = chunks;
            this.context = context;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!current.hasRemaining()) {
                if (!chunks.hasNext()) {
                    return -1;
                }
                current = chunks.next().getData().asReadOnlyByteBuffer();
            }
            int n = Math.min(length, current.remaining());
            current.get(buffer, offset, n);
            return n;
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }
}
