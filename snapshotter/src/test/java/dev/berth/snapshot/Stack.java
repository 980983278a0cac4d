package dev.berth.snapshot;

import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.testing.TestServices;
import dev.berth.snapshot.apply.LayerApplier;
import dev.berth.snapshot.content.ContentBlobs;
import dev.berth.snapshot.content.SnapshotLeases;
import dev.berth.snapshot.diff.LayerDiffer;
import dev.berth.snapshot.diff.ScratchSpace;
import dev.berth.snapshot.overlay.OverlaySnapshotter;
import dev.berth.snapshot.service.DiffService;
import dev.berth.snapshot.service.SnapshotsService;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The snapshotter's services on a socket in a temp dir, with an in-memory content store and
 * Leases service on a second socket, wired as berth-snapshotter wires them.
 */
final class Stack implements AutoCloseable {
    final Path root;
    final InMemoryContent content;
    final FakeLeases leases;
    final OverlaySnapshotter snapshotter;
    private final TestServices contentServer;
    private final ContentBlobs blobs;
    private final TestServices server;

    private Stack(Path root, InMemoryContent content, FakeLeases leases, TestServices contentServer, OverlaySnapshotter snapshotter,
                  ContentBlobs blobs, TestServices server) {
        this.root = root;
        this.content = content;
        this.leases = leases;
        this.contentServer = contentServer;
        this.snapshotter = snapshotter;
        this.blobs = blobs;
        this.server = server;
    }

    static Stack start(Path dir) throws Exception {
        return start(dir, new InMemoryContent());
    }

    static Stack start(Path dir, InMemoryContent content) throws Exception {
        Path root = dir.resolve("root");
        Path contentDir = Files.createDirectories(dir.resolve("content"));
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        FakeLeases leases = new FakeLeases();
        TestServices contentServer = TestServices.serve(contentDir, content, leases);
        OverlaySnapshotter snapshotter = OverlaySnapshotter.open(root);
        ContentBlobs blobs = new ContentBlobs("unix://" + contentServer.socket());
        TestServices server = TestServices.serve(serverDir,
                new SnapshotsService(snapshotter, SnapshotsService.DEFAULT_NAME, new SnapshotLeases(blobs)),
                new DiffService(blobs, new LayerApplier(), new LayerDiffer(ScratchSpace.open(root))));
        return new Stack(root, content, leases, contentServer, snapshotter, blobs, server);
    }

    SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
        return SnapshotsGrpc.newBlockingStub(server.channel());
    }

    DiffGrpc.DiffBlockingStub diff() {
        return DiffGrpc.newBlockingStub(server.channel());
    }

    /** A channel to the snapshotter in another namespace; the caller shuts it down. */
    ManagedChannel dial(String namespace) {
        return GrpcChannels.dial(server.socket(), namespace);
    }

    static void shutdown(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        server.close();
        blobs.close();
        snapshotter.close();
        contentServer.close();
    }
}
