package dev.berth.content;

import com.google.protobuf.Empty;
import dev.berth.api.containerd.snapshots.v1.CleanupRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsResponse;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.common.grpc.GrpcServer;
import dev.berth.common.grpc.NamespaceInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A snapshotter for collection tests, served on a unix socket: List, Remove (refused while the
 * snapshot has children, as real snapshotters do) and Cleanup, recording every Remove and Cleanup
 * as {@code namespace:call:snapshotter/key}.
 */
final class FakeSnapshotter extends SnapshotsGrpc.SnapshotsImplBase implements AutoCloseable {
    private final Map<String, Map<String, Info>> byNamespace = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final GrpcServer server;
    /** Runs inside List, before answering: lets a test act while a collection is under way. */
    volatile Runnable duringList = () -> {};

    FakeSnapshotter(Path socket) throws Exception {
        server = GrpcServer.start(socket, List.of(this));
    }

    String address() {
        return "unix://" + server.socket();
    }

    void add(String namespace, String key, String parent, Instant createdAt, Map<String, String> labels) {
        Info info = Info.newBuilder().setName(key).setParent(parent).setKind(Kind.COMMITTED)
                .setCreatedAt(Timestamps.of(createdAt)).setUpdatedAt(Timestamps.of(createdAt)).putAllLabels(labels).build();
        byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>()).put(key, info);
    }

    boolean has(String namespace, String key) {
        return byNamespace.getOrDefault(namespace, Map.of()).containsKey(key);
    }

    @Override
    public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
        duringList.run();
        if (request.getSnapshotter().equals("overlayfs")) {
            out.onNext(ListSnapshotsResponse.newBuilder()
                    .addAllInfo(byNamespace.getOrDefault(NamespaceInterceptor.current(), Map.of()).values()).build());
        }
        out.onCompleted();
    }

    @Override
    public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> out) {
        Map<String, Info> snapshots = byNamespace.getOrDefault(NamespaceInterceptor.current(), Map.of());
        if (!snapshots.containsKey(request.getKey())) {
            out.onError(Status.NOT_FOUND.withDescription("snapshot " + request.getKey() + " does not exist").asRuntimeException());
            return;
        }
        if (snapshots.values().stream().anyMatch(info -> info.getParent().equals(request.getKey()))) {
            out.onError(Status.FAILED_PRECONDITION.withDescription("cannot remove snapshot with child").asRuntimeException());
            return;
        }
        snapshots.remove(request.getKey());
        calls.add(NamespaceInterceptor.current() + ":remove:" + request.getSnapshotter() + "/" + request.getKey());
        out.onNext(Empty.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void cleanup(CleanupRequest request, StreamObserver<Empty> out) {
        calls.add(NamespaceInterceptor.current() + ":cleanup:" + request.getSnapshotter());
        out.onNext(Empty.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void close() {
        server.close();
    }
}
