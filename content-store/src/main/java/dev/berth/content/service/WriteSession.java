package dev.berth.content.service;

import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.Status;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.content.Digest;
import dev.berth.content.StoreException;
import dev.berth.content.ingest.IngestLease;
import dev.berth.content.ingest.IngestWriter;
import dev.berth.content.ingest.Ingests;
import io.grpc.stub.StreamObserver;
import java.io.IOException;

/**
 * One Write stream, following containerd's protocol: the first message names the ref (and may
 * announce total and expected digest); each message is answered with the ingest's offset. STAT
 * only reports; WRITE appends at {@code offset} (which must be the current offset; 0 restarts the
 * ingest); COMMIT writes any data it carries, then verifies size and digest and commits.
 *
 * <p>Deviation from containerd: a COMMIT without data and with offset 0 does not truncate the
 * ingest (containerd's would, which can only make the commit fail).
 */
final class WriteSession implements StreamObserver<WriteContentRequest> {
    private final Ingests ingests;
    private final String namespace;
    private final IngestLease lease;
    private final StreamObserver<WriteContentResponse> out;
    private IngestWriter writer;
    private boolean committed;
    private boolean finished;

    WriteSession(Ingests ingests, String namespace, IngestLease lease, StreamObserver<WriteContentResponse> out) {
        this.ingests = ingests;
        this.namespace = namespace;
        this.lease = lease;
        this.out = out;
    }

    @Override
    public void onNext(WriteContentRequest request) {
        if (finished) {
            return;
        }
        try {
            Digest expected = request.getExpected().isEmpty() ? null : Digest.parse(request.getExpected());
            if (writer == null) {
                if (request.getRef().isEmpty()) {
                    throw StoreException.invalidArgument("first message must have a reference");
                }
                writer = ingests.open(namespace, request.getRef(), request.getTotal(), expected, lease);
            } else if (!committed) {
                writer.expect(request.getTotal(), expected);
            }
            out.onNext(handle(request));
        } catch (Exception e) {
            fail(e);
        }
    }

    private WriteContentResponse handle(WriteContentRequest request) throws IOException {
        WriteContentResponse.Builder response = WriteContentResponse.newBuilder().setAction(request.getAction());
        if (committed) {
            throw StoreException.failedPrecondition("ingest ref \"" + writer.ref() + "\" is already committed");
        }
        response.setOffset(writer.offset());
        switch (request.getAction()) {
            case STAT -> {
                Status status = writer.status();
                response.setDigest(writer.digest().toString())
                        .setStartedAt(status.getStartedAt())
                        .setUpdatedAt(status.getUpdatedAt())
                        .setTotal(writer.total());
            }
            case WRITE, COMMIT -> {
                boolean commit = request.getAction() == WriteAction.COMMIT;
                if (request.getOffset() < 0) {
                    throw StoreException.invalidArgument("offset must not be negative: " + request.getOffset());
                }
                if (request.getOffset() > 0 && request.getOffset() != writer.offset()) {
                    throw StoreException.outOfRange("write @" + request.getOffset() + " must occur at current offset " + writer.offset());
                }
                if (request.getOffset() == 0 && writer.offset() > 0 && (!commit || !request.getData().isEmpty())) {
                    writer.truncate();
                }
                if (!request.getData().isEmpty()) {
                    writer.write(request.getData());
                }
                response.setOffset(writer.offset()).setTotal(writer.total());
                if (commit) {
                    Info info = writer.commit(writer.total(), writer.expected(), request.getLabelsMap());
                    committed = true;
                    response.setDigest(info.getDigest());
                } else {
                    response.setDigest(writer.digest().toString());
                }
            }
            default -> throw StoreException.invalidArgument("unknown write action " + request.getActionValue());
        }
        return response.build();
    }

    @Override
    public void onError(Throwable cancelled) {
        finished = true;
        closeWriter();
    }

    @Override
    public void onCompleted() {
        if (finished) {
            return;
        }
        finished = true;
        closeWriter();
        out.onCompleted();
    }

    private void fail(Exception error) {
        finished = true;
        closeWriter();
        try {
            out.onError(GrpcErrors.toStatus(error));
        } catch (RuntimeException closed) {
            // the client went away first; its ref is released already
        }
    }

    /** The ingest stays on disk, resumable by its ref. */
    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing a file opened for writing; its bytes are written already
            }
        }
    }
}
