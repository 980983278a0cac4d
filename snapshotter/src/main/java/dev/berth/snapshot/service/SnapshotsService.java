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
import dev.berth.common.grpc.LeaseContext;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.snapshot.Errdefs;
import dev.berth.snapshot.content.SnapshotLeases;
import dev.berth.snapshot.fs.DiskUsage;
import dev.berth.snapshot.meta.SnapshotRecord;
import dev.berth.snapshot.overlay.OverlaySnapshotter;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** containerd.services.snapshots.v1.Snapshots over the overlayfs snapshotter, in the caller's namespace. */
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
    /** The name this snapshotter reports when no other is configured (setting {@code snapshotter.name}). */
    public static final String DEFAULT_NAME = "overlayfs";
    private static final int LIST_BATCH = 100;

    private final OverlaySnapshotter snapshotter;
    private final String name;
    private final SnapshotLeases leases;

    /**
     * {@code name} is what this service calls itself; requests may use any name (see {@link #check}).
     * {@code leases} records the snapshots made by requests that carry a {@code containerd-lease};
     * null when leases are not recorded here (a containerd in front keeps its own).
     */
    public SnapshotsService(OverlaySnapshotter snapshotter, String name, SnapshotLeases leases) {
        this.snapshotter = snapshotter;
        this.name = name;
        this.leases = leases;
    }

    @Override
    public void prepare(PrepareSnapshotRequest request, StreamObserver<PrepareSnapshotResponse> observer) {
        Calls.unary(observer, "Prepare", () -> {
            check(request.getSnapshotter());
            SnapshotRecord created = snapshotter.prepare(ns(), request.getKey(), request.getParent(),
                    request.getLabelsMap());
            leaseOrUndo(request.getSnapshotter(), created.key(), () -> snapshotter.undoCreate(ns(), created));
            return PrepareSnapshotResponse.newBuilder().addAllMounts(snapshotter.mountsOf(created)).build();
        });
    }

    @Override
    public void view(ViewSnapshotRequest request, StreamObserver<ViewSnapshotResponse> observer) {
        Calls.unary(observer, "View", () -> {
            check(request.getSnapshotter());
            SnapshotRecord created = snapshotter.view(ns(), request.getKey(), request.getParent(),
                    request.getLabelsMap());
            leaseOrUndo(request.getSnapshotter(), created.key(), () -> snapshotter.undoCreate(ns(), created));
            return ViewSnapshotResponse.newBuilder().addAllMounts(snapshotter.mountsOf(created)).build();
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
            SnapshotRecord active = snapshotter.commit(ns(), request.getName(), request.getKey(),
                    request.getLabelsMap());
            leaseOrUndo(request.getSnapshotter(), request.getName(),
                    () -> snapshotter.undoCommit(ns(), request.getName(), active));
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

    private interface Undo {
        void run() throws Exception;
    }

    /**
     * Adds the snapshot just made to the request's lease, if it carries one, before the call is
     * answered (containerd's metadata snapshotter does both in one transaction); if that fails,
     * the snapshot is undone and the call fails with the Leases service's error.
     */
    private void leaseOrUndo(String requestedName, String key, Undo undo) throws Exception {
        String lease = LeaseContext.current();
        if (lease == null || leases == null) {
            return;
        }
        try {
            leases.add(ns(), lease, requestedName.isEmpty() ? name : requestedName, key);
        } catch (RuntimeException e) {
            try {
                undo.run();
            } catch (Exception undoFailed) {
                e.addSuppressed(undoFailed);
            }
            throw e;
        }
    }

    private static String ns() {
        return NamespaceInterceptor.current();
    }

    /**
     * Berth serves one snapshotter and answers to any name: containerd puts the name of its
     * {@code proxy_plugins} entry (e.g. "berth") in every request, and that name is the operator's
     * choice, not ours. Only the name's well-formedness is checked.
     */
    private static void check(String requested) {
        if (requested.indexOf('\0') >= 0) {
            throw Errdefs.invalidArgument("snapshotter name must not contain NUL");
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
