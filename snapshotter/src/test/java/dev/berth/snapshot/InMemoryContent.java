package dev.berth.snapshot;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.common.grpc.NamespaceInterceptor;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A content store that serves Read from a map, in small chunks, for the Diff tests. */
final class InMemoryContent extends ContentGrpc.ContentImplBase {
    private static final int CHUNK = 4096;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** The namespace of every Read served, to check the snapshotter forwards its caller's. */
    final List<String> readNamespaces = new CopyOnWriteArrayList<>();

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
}
