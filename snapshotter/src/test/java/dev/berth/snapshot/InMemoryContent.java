package dev.berth.snapshot;

import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.InfoResponse;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.content.v1.UpdateResponse;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.common.grpc.NamespaceInterceptor;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A content store in memory for the Diff tests: Read in small chunks, and Write, Info, Update
 * and Abort following the protocol of Berth's content store (ALREADY_EXISTS for content that
 * exists, size and digest checked at commit, a failed ingest kept until aborted).
 */
final class InMemoryContent extends ContentGrpc.ContentImplBase {
    private static final int CHUNK = 4096;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();
    /** Ingests being written or left by a failed write, by ref. */
    final Map<String, ByteArrayOutputStream> ingests = new ConcurrentHashMap<>();
    final List<String> aborted = new CopyOnWriteArrayList<>();
    /** The namespace of every Read served, to check the snapshotter forwards its caller's. */
    final List<String> readNamespaces = new CopyOnWriteArrayList<>();
    /** The namespace of every Write served. */
    final List<String> writeNamespaces = new CopyOnWriteArrayList<>();
    /** When set, COMMIT fails with this status (the ingest stays, as after a failed commit). */
    volatile Status failCommits;

    /** Stores a blob under its real digest and returns the digest. */
    String put(byte[] blob) {
        String digest = sha256(blob);
        blobs.put(digest, blob);
        return digest;
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> observer) {
        readNamespaces.add(NamespaceInterceptor.current());
        byte[] blob = blobs.get(request.getDigest());
        if (blob == null) {
            observer.onError(Status.NOT_FOUND.withDescription("content " + request.getDigest() + ": not found").asRuntimeException());
            return;
        }
        int end = request.getSize() > 0 ? (int) Math.min(blob.length, request.getOffset() + request.getSize()) : blob.length;
        for (int offset = (int) request.getOffset(); offset < end; offset += CHUNK) {
            int n = Math.min(CHUNK, end - offset);
            observer.onNext(ReadContentResponse.newBuilder().setOffset(offset).setData(ByteString.copyFrom(blob, offset, n)).build());
        }
        observer.onCompleted();
    }

    @Override
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> out) {
        writeNamespaces.add(NamespaceInterceptor.current());
        return new StreamObserver<>() {
            private String ref;
            private boolean failed;

            @Override
            public void onNext(WriteContentRequest request) {
                if (failed) {
                    return;
                }
                try {
                    out.onNext(handle(request));
                } catch (StatusRuntimeException e) {
                    failed = true;
                    out.onError(e);
                }
            }

            private WriteContentResponse handle(WriteContentRequest request) {
                if (ref == null) {
                    if (request.getRef().isEmpty()) {
                        throw Status.INVALID_ARGUMENT.withDescription("first message must have a reference").asRuntimeException();
                    }
                    if (blobs.containsKey(request.getExpected())) {
                        throw Status.ALREADY_EXISTS.withDescription("content " + request.getExpected() + ": already exists").asRuntimeException();
                    }
                    ref = request.getRef();
                }
                ByteArrayOutputStream data = ingests.computeIfAbsent(ref, r -> new ByteArrayOutputStream());
                if (request.getAction() == WriteAction.STAT) {
                    return WriteContentResponse.newBuilder().setAction(WriteAction.STAT).setOffset(data.size()).build();
                }
                if (request.getOffset() != data.size()) {
                    if (request.getOffset() != 0) {
                        throw Status.OUT_OF_RANGE.withDescription("write @" + request.getOffset() + " at " + data.size()).asRuntimeException();
                    }
                    data.reset();
                }
                data.writeBytes(request.getData().toByteArray());
                WriteContentResponse.Builder response = WriteContentResponse.newBuilder()
                        .setAction(request.getAction()).setOffset(data.size()).setTotal(request.getTotal());
                if (request.getAction() == WriteAction.COMMIT) {
                    commit(request, data.toByteArray());
                }
                return response.setDigest(sha256(data.toByteArray())).build();
            }

            private void commit(WriteContentRequest request, byte[] blob) {
                if (failCommits != null) {
                    throw failCommits.asRuntimeException();
                }
                String digest = sha256(blob);
                if (request.getTotal() > 0 && request.getTotal() != blob.length) {
                    throw Status.FAILED_PRECONDITION.withDescription("unexpected commit size " + blob.length).asRuntimeException();
                }
                if (!request.getExpected().isEmpty() && !request.getExpected().equals(digest)) {
                    throw Status.FAILED_PRECONDITION.withDescription("unexpected commit digest " + digest).asRuntimeException();
                }
                ingests.remove(ref);
                if (blobs.putIfAbsent(digest, blob) != null) {
                    throw Status.ALREADY_EXISTS.withDescription("content " + digest + ": already exists").asRuntimeException();
                }
                labels.put(digest, new ConcurrentHashMap<>(request.getLabelsMap()));
            }

            @Override
            public void onError(Throwable cancelled) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> observer) {
        byte[] blob = blobs.get(request.getDigest());
        if (blob == null) {
            observer.onError(Status.NOT_FOUND.withDescription("content " + request.getDigest() + ": not found").asRuntimeException());
            return;
        }
        observer.onNext(InfoResponse.newBuilder().setInfo(Info.newBuilder().setDigest(request.getDigest()).setSize(blob.length)
                .putAllLabels(labels.getOrDefault(request.getDigest(), Map.of()))).build());
        observer.onCompleted();
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> observer) {
        String digest = request.getInfo().getDigest();
        Map<String, String> current = labels.computeIfAbsent(digest, d -> new ConcurrentHashMap<>());
        for (String path : request.getUpdateMask().getPathsList()) {
            String key = path.substring("labels.".length());
            String value = request.getInfo().getLabelsMap().get(key);
            if (value == null) {
                current.remove(key);
            } else {
                current.put(key, value);
            }
        }
        observer.onNext(UpdateResponse.newBuilder().setInfo(Info.newBuilder().setDigest(digest).putAllLabels(current)).build());
        observer.onCompleted();
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<Empty> observer) {
        if (ingests.remove(request.getRef()) == null) {
            observer.onError(Status.NOT_FOUND.withDescription("ingest ref \"" + request.getRef() + "\": not found").asRuntimeException());
            return;
        }
        aborted.add(request.getRef());
        observer.onNext(Empty.getDefaultInstance());
        observer.onCompleted();
    }
}
