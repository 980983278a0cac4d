package dev.berth.gateway.image;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.Digest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Blobs in the content store: written through containerd's Write protocol, read back whole.
 * Public for the distribution package, whose pulls write layers through {@link Upload}.
 */
public final class ContentBlobs {
    private static final long RESPONSE_TIMEOUT_SECONDS = 120;

    private final ServiceClients clients;

    public ContentBlobs(ServiceClients clients) {
        this.clients = clients;
    }

    /** Stores small bytes (configs, manifests) under their digest; an existing blob is fine. */
    public Digest put(String ref, byte[] data, Map<String, String> labels) {
        Digest digest = Digest.of(data);
        try (Upload upload = begin(ref)) {
            upload.write(data, 0, data.length);
            upload.commit(digest.toString(), labels);
        }
        return digest;
    }

    /** The whole blob {@code digest}; for configs and manifests, which are small. */
    public byte[] read(Digest digest) {
        return read(digest.toString());
    }

    /**
     * Streams the blob into {@code out}, as the content store sends it in chunks; the deadline grows
     * with {@code size} (a minute, plus a second per 10 MB).
     */
    void copyTo(String digest, long size, java.io.OutputStream out) throws java.io.IOException {
        long seconds = 60 + size / 10_000_000;
        Iterator<ReadContentResponse> responses = clients.content()
                .withDeadlineAfter(seconds, java.util.concurrent.TimeUnit.SECONDS)
                .read(ReadContentRequest.newBuilder().setDigest(digest).build());
        while (responses.hasNext()) {
            responses.next().getData().writeTo(out);
        }
    }

    /** The blob's size, as the content store records it. */
    long size(String digest) {
        return clients.content().info(dev.berth.api.containerd.content.v1.InfoRequest.newBuilder().setDigest(digest).build())
                .getInfo().getSize();
    }

    /** The whole blob; for configs and manifests, which are small. */
    public byte[] read(String digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<ReadContentResponse> responses = clients.content().read(ReadContentRequest.newBuilder().setDigest(digest).build());
        while (responses.hasNext()) {
            byte[] chunk = responses.next().getData().toByteArray();
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    public Upload begin(String ref) {
        return new Upload(ref);
    }

    /**
     * One ingest: WRITE messages in order, then COMMIT with the size and digest the caller computed.
     * Up to {@value #WRITES_IN_FLIGHT} messages go out before their answers are awaited, so the
     * store writes and hashes one chunk while the next is read and sent (waiting for each answer
     * made a layer's download and its storing take turns). Closing an upload that was not committed
     * aborts the ingest.
     */
    public final class Upload implements AutoCloseable {
        /** Within the content store's read-ahead of a Write stream (8 messages). */
        private static final int WRITES_IN_FLIGHT = 4;

        private final String ref;
        private final LinkedBlockingQueue<Object> responses = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests;
        private long offset;
        private int unanswered;
        private boolean streamClosed;
        private boolean committed;

        private Upload(String ref) {
            this.ref = ref;
            this.requests = clients.contentAsync().write(new StreamObserver<>() {
                @Override
                public void onNext(WriteContentResponse value) {
                    responses.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    responses.add(t);
                }

                @Override
                public void onCompleted() {
                    responses.add(Status.CANCELLED.withDescription("write stream closed early"));
                }
            });
        }

        public long offset() {
            return offset;
        }

        public void write(byte[] data, int from, int length) {
            if (length == 0) {
                return;
            }
            // copied: the caller reuses its buffer while this message is still on its way
            requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref).setOffset(offset)
                    .setData(ByteString.copyFrom(data, from, length)).build());
            unanswered++;
            offset += length;
            while (unanswered >= WRITES_IN_FLIGHT) {
                awaitAnswer();
            }
        }

        /** Commits what was written as {@code digest}; an already stored blob of that digest counts as committed. */
        public void commit(String digest, Map<String, String> labels) {
            try {
                requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setOffset(offset)
                        .setTotal(offset).setExpected(digest).putAllLabels(labels).build());
                unanswered++;
                while (unanswered > 0) {
                    awaitAnswer();
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
                abort();
            }
            committed = true;
            streamClosed = true;
            requests.onCompleted();
        }

        /** The next answer in order; a failed one ends the stream, and no later answer comes. */
        private void awaitAnswer() {
            Object response;
            try {
                response = responses.poll(RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
            }
            unanswered--;
            if (response == null) {
                streamClosed = true;
                throw Status.DEADLINE_EXCEEDED.withDescription("content store did not answer a write").asRuntimeException();
            }
            if (response instanceof Throwable error) {
                streamClosed = true;
                throw Status.fromThrowable(error).asRuntimeException();
            }
            if (response instanceof Status status) {
                streamClosed = true;
                throw status.asRuntimeException();
            }
        }

        private void abort() {
            try {
                clients.content().abort(AbortRequest.newBuilder().setRef(ref).build());
            } catch (StatusRuntimeException ignored) {
                // nothing left to abort
            }
        }

        @Override
        public void close() {
            if (committed) {
                return;
            }
            if (!streamClosed) {
                streamClosed = true;
                try {
                    requests.onError(Status.CANCELLED.withDescription("upload abandoned").asRuntimeException());
                } catch (RuntimeException ignored) {
                    // the stream is already gone
                }
            }
            committed = true;
            abort();
        }
    }
}
