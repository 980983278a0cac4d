package dev.berth.snapshot;

import static dev.berth.snapshot.SnapshotsServiceTest.assertCode;
import static dev.berth.snapshot.SnapshotsServiceTest.list;
import static dev.berth.snapshot.SnapshotsServiceTest.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.Kind;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots made under a {@code containerd-lease} are added to it in the content store's Leases service. */
class SnapshotLeasesTest {
    private static final Metadata.Key<String> LEASE = Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;

    @Test
    void prepareViewAndCommitAddTheirSnapshotToTheLease() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            ManagedChannel channel = stack.dial("k8s.io");
            try {
                stack.leases.create("k8s.io", "pull-1");
                SnapshotsGrpc.SnapshotsBlockingStub leased = withLease(SnapshotsGrpc.newBlockingStub(channel), "pull-1");
                leased.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("berth").setKey("extract").build());
                leased.commit(CommitSnapshotRequest.newBuilder().setSnapshotter("berth").setName("layer")
                        .setKey("extract").build());
                leased.view(ViewSnapshotRequest.newBuilder().setKey("v").setParent("layer").build());

                assertEquals(List.of(resource("snapshots/berth", "extract"), resource("snapshots/berth", "layer"),
                        resource("snapshots/overlayfs", "v")), stack.leases.resources("k8s.io", "pull-1"),
                        "the type names the request's snapshotter, or this one's name when the request names none");
                assertEquals(List.of(true, true, true), stack.leases.deadlines, "every call to the content store has a deadline");

                SnapshotsGrpc.SnapshotsBlockingStub plain = SnapshotsGrpc.newBlockingStub(channel);
                plain.prepare(PrepareSnapshotRequest.newBuilder().setKey("unleased").build());
                assertEquals(3, stack.leases.deadlines.size(), "no lease, no AddResource");
            } finally {
                Stack.shutdown(channel);
            }
        }
    }

    @Test
    void aFailedAddResourceUndoesTheSnapshotAndFailsTheCall() throws Exception {
        try (Stack stack = Stack.start(dir)) {
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = stack.snapshots();
            SnapshotsGrpc.SnapshotsBlockingStub unknownLease = withLease(snapshots, "no-such-lease");

            StatusRuntimeException missing = assertCode(Status.Code.NOT_FOUND, () -> unknownLease.prepare(
                    PrepareSnapshotRequest.newBuilder().setKey("a").build()));
            assertTrue(missing.getStatus().getDescription().contains("lease no-such-lease"), missing.getMessage());
            assertCode(Status.Code.NOT_FOUND, () -> stat(snapshots, "a"));
            assertEquals(Set.of(), SnapshotsServiceTest.entries(stack), "its directory is gone too");

            SnapshotsServiceTest.prepare(snapshots, "extract", "", java.util.Map.of());
            SnapshotsServiceTest.commit(snapshots, "base", "extract", java.util.Map.of());
            SnapshotsServiceTest.prepare(snapshots, "extract-2", "base", java.util.Map.of());
            stack.leases.create("default", "l");
            stack.leases.fail = Status.UNAVAILABLE.withDescription("content store is restarting");
            SnapshotsGrpc.SnapshotsBlockingStub leased = withLease(snapshots, "l");
            assertCode(Status.Code.UNAVAILABLE, () -> leased.commit(CommitSnapshotRequest.newBuilder()
                    .setName("layer-2").setKey("extract-2").build()));
            assertCode(Status.Code.NOT_FOUND, () -> stat(snapshots, "layer-2"));
            assertEquals(Kind.ACTIVE, stat(snapshots, "extract-2").getKind(), "the commit is undone");
            assertEquals(Set.of("base", "extract-2"), list(snapshots));
            assertEquals(Set.of("extract-2"), list(snapshots, "parent==base"), "the child index is restored");
            assertCode(Status.Code.UNAVAILABLE, () -> leased.view(ViewSnapshotRequest.newBuilder()
                    .setKey("v").setParent("base").build()));
            assertCode(Status.Code.NOT_FOUND, () -> stat(snapshots, "v"));

            stack.leases.fail = null;
            leased.commit(CommitSnapshotRequest.newBuilder().setName("layer-2").setKey("extract-2").build());
            assertEquals(List.of(resource("snapshots/overlayfs", "layer-2")), stack.leases.resources("default", "l"));
            assertEquals(Set.of("2", "3"), SnapshotsServiceTest.entries(stack), "id 1 was the undone prepare");
        }
    }

    private static SnapshotsGrpc.SnapshotsBlockingStub withLease(SnapshotsGrpc.SnapshotsBlockingStub stub, String lease) {
        Metadata headers = new Metadata();
        headers.put(LEASE, lease);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Resource resource(String type, String id) {
        return Resource.newBuilder().setType(type).setId(id).build();
    }
}
