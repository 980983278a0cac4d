package dev.berth.gateway.config;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.service.ServiceOptions;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's channels to its peer services, each found through configuration
 * (content.address, snapshotter.address, network.address), so any of them can be replaced
 * by another implementation of the same API.
 */
public final class ServiceClients implements AutoCloseable {
    /**
     * Every blocking call gets this deadline, and waits within it for a peer that is restarting
     * (wait-for-ready) instead of failing at once while the channel reconnects.
     */
    static final long CALL_SECONDS = 60;

    private final ManagedChannel content;
    private final ManagedChannel snapshotter;
    private final ManagedChannel network;

    public ServiceClients(String contentAddress, String snapshotterAddress, String networkAddress, String namespace) {
        this.content = GrpcChannels.dial(contentAddress, namespace);
        this.snapshotter = GrpcChannels.dial(snapshotterAddress, namespace);
        this.network = GrpcChannels.dial(networkAddress, namespace);
    }

    public static ServiceClients from(ServiceOptions options, GatewaySettings settings) {
        return new ServiceClients(options.peerAddress("content"), options.peerAddress("snapshotter"),
                options.peerAddress("network"), settings.namespace());
    }

    public ContentGrpc.ContentBlockingStub content() {
        return ContentGrpc.newBlockingStub(content).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public ContentGrpc.ContentStub contentAsync() {
        return ContentGrpc.newStub(content);
    }

    public ImagesGrpc.ImagesBlockingStub images() {
        return ImagesGrpc.newBlockingStub(content).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
        return SnapshotsGrpc.newBlockingStub(snapshotter).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public DiffGrpc.DiffBlockingStub diff() {
        return DiffGrpc.newBlockingStub(snapshotter).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public NetworkGrpc.NetworkBlockingStub network() {
        return NetworkGrpc.newBlockingStub(network).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : List.of(content, snapshotter, network)) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
