package dev.berth.content.gc;

import dev.berth.api.containerd.snapshots.v1.CleanupRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The snapshotter's own API (containerd.services.snapshots.v1.Snapshots), the only way this
 * service touches snapshots. One channel per namespace, since the namespace travels in the
 * channel's metadata; every call has a deadline.
 */
final class SnapshotterClient implements AutoCloseable {
    private final String address;
    private final Duration deadline;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    SnapshotterClient(String address, Duration deadline) {
        this.address = address;
        this.deadline = deadline;
    }

    private SnapshotsGrpc.SnapshotsBlockingStub stub(String namespace) {
        ManagedChannel channel = channels.computeIfAbsent(namespace, ns -> GrpcChannels.dial(address, ns));
        return SnapshotsGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Info> list(String namespace, String snapshotter) {
        List<Info> snapshots = new ArrayList<>();
        stub(namespace).list(ListSnapshotsRequest.newBuilder().setSnapshotter(snapshotter).build())
                .forEachRemaining(response -> snapshots.addAll(response.getInfoList()));
        return snapshots;
    }

    void remove(String namespace, String snapshotter, String key) {
        stub(namespace).remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build());
    }

    void cleanup(String namespace, String snapshotter) {
        stub(namespace).cleanup(CleanupRequest.newBuilder().setSnapshotter(snapshotter).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
