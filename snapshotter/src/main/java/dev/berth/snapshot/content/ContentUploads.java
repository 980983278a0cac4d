package dev.berth.snapshot.content;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a file to the content store with {@code Content.Write} (containerd's protocol: WRITE
 * messages carrying the ref, total size and expected digest, then COMMIT with labels), as
 * containerd's walking differ commits a diff: content that already exists is fine, and then gets
 * the {@value #UNCOMPRESSED_LABEL} label if it has none. An upload under a ref made up here is
 * aborted when it fails; one under the caller's ref stays resumable, as in containerd.
 *
 * <p>Every call has a deadline: the write stream one that grows with the size of the file.
 */
public final class ContentUploads {
    public static final String UNCOMPRESSED_LABEL = "containerd.io/uncompressed";
    private static final Logger LOG = LoggerFactory.getLogger(ContentUploads.class);
    private static final long CALL_DEADLINE_MILLIS = 30_000;
    private static final long TRANSFER_BASE_MILLIS = 60_000;
    private static final long SLOWEST_BYTES_PER_SECOND = 8L << 20;
    private static final int CHUNK = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContentBlobs content;

    public ContentUploads(ContentBlobs content) {
        this.content = content;
    }

    /**
     * Writes {@code file}, whose digest and size are known, to the content store of
     * {@code namespace} with {@code labels} on commit.
     *
     * @param ref the ingest's ref; "" makes one up
     */
    public void upload(String namespace, String ref, Path file, String digest, long size, Map<String, String> labels)
            throws IOException {
        ManagedChannel channel = content.channel(namespace);
        String ingest = ref.isEmpty() ? uniqueRef() : ref;
        try {
            write(channel, ingest, file, digest, size, labels);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                abandon(channel, ingest, ref.isEmpty());
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            abandon(channel, ingest, ref.isEmpty());
            throw e;
        }
        String uncompressed = labels.get(UNCOMPRESSED_LABEL);
        if (uncompressed != null) {
            labelIfMissing(channel, digest, uncompressed);
        }
    }

    private static void write(ManagedChannel channel, String ref, Path file, String digest, long size,
                              Map<String, String> labels) throws IOException {
        Deadline deadline = Deadline.after(TRANSFER_BASE_MILLIS + size / SLOWEST_BYTES_PER_SECOND * 1000, TimeUnit.MILLISECONDS);
        WriteStream stream = new WriteStream(ContentGrpc.newStub(channel).withDeadline(deadline), deadline);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[CHUNK];
            long offset = 0;
            for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                WriteContentResponse written = stream.send(request(WriteAction.WRITE, ref, digest, size, offset)
                        .setData(ByteString.copyFrom(chunk, 0, n)).build());
                offset += n;
                if (written.getOffset() != offset) {
                    throw new IOException("content store is at offset " + written.getOffset() + " of ref " + ref
                            + " after " + offset + " bytes were sent");
                }
            }
            if (offset != size) {
                throw new IOException(file + " changed while it was uploaded: " + offset + " bytes, expected " + size);
            }
            WriteContentResponse committed = stream.send(request(WriteAction.COMMIT, ref, digest, size, offset)
                    .putAllLabels(labels).build());
            if (!committed.getDigest().equals(digest)) {
                throw new IOException("content store committed " + committed.getDigest() + ", expected " + digest);
            }
            stream.finish();
        } finally {
            stream.cancel();
        }
    }

    private static WriteContentRequest.Builder request(WriteAction action, String ref, String digest, long size, long offset) {
        return WriteContentRequest.newBuilder().setAction(action).setRef(ref).setTotal(size).setExpected(digest).setOffset(offset);
    }

    /** As containerd's differ: content that existed without the label gets it. */
    private static void labelIfMissing(ManagedChannel channel, String digest, String uncompressed) {
        ContentGrpc.ContentBlockingStub stub = ContentGrpc.newBlockingStub(channel);
        Info info = stub.withDeadlineAfter(CALL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo();
        if (!info.getLabelsMap().containsKey(UNCOMPRESSED_LABEL)) {
            stub.withDeadlineAfter(CALL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS).update(UpdateRequest.newBuilder()
                    .setInfo(Info.newBuilder().setDigest(digest).putLabels(UNCOMPRESSED_LABEL, uncompressed))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + UNCOMPRESSED_LABEL))
                    .build());
        }
    }

    /** Removes a failed ingest made under a ref of our own; the caller's own ref is left to resume. */
    private static void abandon(ManagedChannel channel, String ref, boolean ownRef) {
        if (!ownRef) {
            return;
        }
        try {
            ContentGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .abort(AbortRequest.newBuilder().setRef(ref).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                LOG.warn("cannot abort the failed diff upload {}: {}", ref, e.getStatus());
            }
        }
    }

    /** containerd's uniqueRef: the time in nanoseconds and a few random bytes. */
    private static String uniqueRef() {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        Instant now = Instant.now();
        return "diff-" + (now.getEpochSecond() * 1_000_000_000L + now.getNano()) + "-" + Base64.getUrlEncoder().encodeToString(random);
    }

    /** The Write stream used one request, one response at a time. */
    private static final class WriteStream implements StreamObserver<WriteContentResponse> {
        private static final Object COMPLETED = new Object();
        private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests;
        private final Deadline deadline;
        private boolean closed;

        WriteStream(ContentGrpc.ContentStub stub, Deadline deadline) {
            this.deadline = deadline;
            this.requests = stub.write(this);
        }

        WriteContentResponse send(WriteContentRequest request) throws IOException {
            requests.onNext(request);
            Object answer;
            try {
                answer = responses.poll(deadline.timeRemaining(TimeUnit.MILLISECONDS) + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while uploading to the content store");
            }
            if (answer instanceof WriteContentResponse response) {
                return response;
            }
            closed = answer != null;
            if (answer instanceof Throwable failure) {
                throw Status.fromThrowable(failure).asRuntimeException();
            }
            if (answer == null) {
                throw Status.DEADLINE_EXCEEDED.withDescription("the content store did not answer a write in time").asRuntimeException();
            }
            throw new IOException("the content store ended the write stream early");
        }

        /** Half-closes the stream after the commit. */
        void finish() {
            if (!closed) {
                closed = true;
                requests.onCompleted();
            }
        }

        /** Cancels the call unless it ended. */
        void cancel() {
            if (!closed) {
                closed = true;
                requests.onError(Status.CANCELLED.withDescription("diff upload abandoned").asRuntimeException());
            }
        }

        @Override
        public void onNext(WriteContentResponse response) {
            responses.add(response);
        }

        @Override
        public void onError(Throwable failure) {
            responses.add(failure);
        }

        @Override
        public void onCompleted() {
            responses.add(COMPLETED);
        }
    }
}
