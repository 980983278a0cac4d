package dev.berth.snapshot.service;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.snapshots.v1.CleanupRequest;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsRequest;
import dev.berth.api.containerd.snapshots.v1.ListSnapshotsResponse;
import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.snapshots.v1.MountsResponse;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotResponse;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotResponse;
import dev.berth.api.containerd.snapshots.v1.UpdateSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.UpdateSnapshotResponse;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.snapshots.v1.UsageResponse;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotResponse;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.snapshot.Errdefs;
import dev.berth.snapshot.fs.DiskUsage;
import dev.berth.snapshot.meta.SnapshotRecord;
import dev.berth.snapshot.overlay.OverlaySnapshotter;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** containerd.services.snapshots.v1.Snapshots over the overlayfs snapshotter, in the caller's namespace. */
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
    /** The name clients pass in the {@code snapshotter} field; "" means this one as well. */
    public static final String NAME = "overlayfs";
    private static final int LIST_BATCH = 100;

    private final OverlaySnapshotter snapshotter;

    public SnapshotsService(OverlaySnapshotter snapshotter) {
        this.snapshotter = snapshotter;
    }

    @Override
    public void prepare(PrepareSnapshotRequest request, StreamObserver<PrepareSnapshotResponse> observer) {
        Calls.unary(observer, "Prepare", () -> {
            check(request.getSnapshotter());
            return PrepareSnapshotResponse.newBuilder().addAllMounts(snapshotter.prepare(ns(), request.getKey(),
                    request.getParent(), request.getLabelsMap())).build();
        });
    }

    @Override
    public void view(ViewSnapshotRequest request, StreamObserver<ViewSnapshotResponse> observer) {
        Calls.unary(observer, "View", () -> {
            check(request.getSnapshotter());
            return ViewSnapshotResponse.newBuilder().addAllMounts(snapshotter.view(ns(), request.getKey(),
                    request.getParent(), request.getLabelsMap())).build();
        });
    }

    @Override
    public void mounts(MountsRequest request, StreamObserver<MountsResponse> observer) {
        Calls.unary(observer, "Mounts", () -> {
            check(request.getSnapshotter());
            return MountsResponse.newBuilder().addAllMounts(snapshotter.mounts(ns(), request.getKey())).build();
        });
    }

    @Override
    public void commit(CommitSnapshotRequest request, StreamObserver<Empty> observer) {
        Calls.unary(observer, "Commit", () -> {
            check(request.getSnapshotter());
            snapshotter.commit(ns(), request.getName(), request.getKey(), request.getLabelsMap());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> observer) {
        Calls.unary(observer, "Remove", () -> {
            check(request.getSnapshotter());
            snapshotter.remove(ns(), request.getKey());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void stat(StatSnapshotRequest request, StreamObserver<StatSnapshotResponse> observer) {
        Calls.unary(observer, "Stat", () -> {
            check(request.getSnapshotter());
            return StatSnapshotResponse.newBuilder().setInfo(info(snapshotter.stat(ns(), request.getKey()))).build();
        });
    }

    @Override
    public void update(UpdateSnapshotRequest request, StreamObserver<UpdateSnapshotResponse> observer) {
        Calls.unary(observer, "Update", () -> {
            check(request.getSnapshotter());
            SnapshotRecord updated = snapshotter.update(ns(), request.getInfo().getName(),
                    request.getInfo().getLabelsMap(), request.getUpdateMask().getPathsList());
            return UpdateSnapshotResponse.newBuilder().setInfo(info(updated)).build();
        });
    }

    @Override
    public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> observer) {
        List<SnapshotRecord> matching;
        try {
            check(request.getSnapshotter());
            Predicate<SnapshotRecord> filter = SnapshotFilter.parse(request.getFiltersList());
            matching = snapshotter.list(ns()).stream().filter(filter).toList();
        } catch (Throwable t) {
            observer.onError(Calls.toStatus("List", t));
            return;
        }
        for (int from = 0; from < matching.size(); from += LIST_BATCH) {
            ListSnapshotsResponse.Builder batch = ListSnapshotsResponse.newBuilder();
            matching.subList(from, Math.min(matching.size(), from + LIST_BATCH)).forEach(r -> batch.addInfo(info(r)));
            observer.onNext(batch.build());
        }
        observer.onCompleted();
    }

    @Override
    public void usage(UsageRequest request, StreamObserver<UsageResponse> observer) {
        Calls.unary(observer, "Usage", () -> {
            check(request.getSnapshotter());
            DiskUsage.Usage usage = snapshotter.usage(ns(), request.getKey());
            return UsageResponse.newBuilder().setSize(usage.size()).setInodes(usage.inodes()).build();
        });
    }

    @Override
    public void cleanup(CleanupRequest request, StreamObserver<Empty> observer) {
        Calls.unary(observer, "Cleanup", () -> {
            check(request.getSnapshotter());
            snapshotter.cleanup();
            return Empty.getDefaultInstance();
        });
    }

    private static String ns() {
        return NamespaceInterceptor.current();
    }

    private static void check(String name) {
        if (!name.isEmpty() && !name.equals(NAME)) {
            throw Errdefs.notFound("snapshotter not loaded: " + name);
        }
    }

    static Info info(SnapshotRecord record) {
        return Info.newBuilder()
                .setName(record.key())
                .setParent(record.parent())
                .setKind(switch (record.kind()) {
                    case VIEW -> Kind.VIEW;
                    case ACTIVE -> Kind.ACTIVE;
                    case COMMITTED -> Kind.COMMITTED;
                })
                .setCreatedAt(timestamp(record.created()))
                .setUpdatedAt(timestamp(record.updated()))
                .putAllLabels(record.labels())
                .build();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
