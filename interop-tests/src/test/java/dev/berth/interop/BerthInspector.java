package dev.berth.interop;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ListContentRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.snapshots.v1.UsageResponse;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks into Berth's content store and snapshotter directly through their sockets (Java stubs),
 * to see what containerd stored there. containerd's proxy calls carry no namespace header, so
 * what it stores is in Berth's "default" namespace, under containerd's own keys
 * ({@code <namespace>/<n>/<name>} for snapshots).
 */
final class BerthInspector implements AutoCloseable {
    private static final String NAMESPACE = "default";
    private final ManagedChannel content;
    private final ManagedChannel snapshots;

    BerthInspector(Path contentSocket, Path snapshotterSocket) {
        this.content = GrpcChannels.dial(contentSocket, NAMESPACE);
        this.snapshots = GrpcChannels.dial(snapshotterSocket, NAMESPACE);
    }

    /** The size of a committed blob (NOT_FOUND as a StatusRuntimeException when it is not there). */
    long blobSize(String digest) {
        return ContentGrpc.newBlockingStub(content).withDeadlineAfter(10, TimeUnit.SECONDS)
                .info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo().getSize();
    }

    List<String> blobDigests() {
        List<String> digests = new ArrayList<>();
        ContentGrpc.newBlockingStub(content).withDeadlineAfter(10, TimeUnit.SECONDS)
                .list(ListContentRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getInfoList().forEach(i -> digests.add(i.getDigest())));
        return digests;
    }

    List<Info> snapshots(String snapshotterName) {
        List<Info> all = new ArrayList<>();
        SnapshotsGrpc.newBlockingStub(snapshots).withDeadlineAfter(10, TimeUnit.SECONDS)
                .list(ListSnapshotsRequest.newBuilder().setSnapshotter(snapshotterName).build())
                .forEachRemaining(r -> all.addAll(r.getInfoList()));
        return all;
    }

    UsageResponse usage(String snapshotterName, String key) {
        return SnapshotsGrpc.newBlockingStub(snapshots).withDeadlineAfter(30, TimeUnit.SECONDS)
                .usage(UsageRequest.newBuilder().setSnapshotter(snapshotterName).setKey(key).build());
    }

    @Override
    public void close() throws InterruptedException {
        content.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        snapshots.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
