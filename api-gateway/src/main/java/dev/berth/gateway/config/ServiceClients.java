package dev.berth.gateway.config;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.service.ServiceOptions;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's channels to its peer services, each found through configuration
 * (content.address, snapshotter.address, diff.address, network.address), so any of them can be
 * replaced by another implementation of the same API: containerd's own socket serves content,
 * images, leases, snapshots (as snapshotter "overlayfs") and diff, and the gateway works on it.
 */
public final class ServiceClients implements AutoCloseable {
    /**
     * Every blocking call gets this deadline, and waits within it for a peer that is restarting
     * (wait-for-ready) instead of failing at once while the channel reconnects.
     */
    static final long CALL_SECONDS = 60;
    public static final String DEFAULT_SNAPSHOTTER = "overlayfs";

    private final ManagedChannel content;
    private final ManagedChannel snapshotter;
    private final ManagedChannel diff;
    private final ManagedChannel network;
    private final String snapshotterName;

    /**
     * @param diffAddress     the Diff service; null or equal to {@code snapshotterAddress} shares its channel
     * @param snapshotterName the name sent in every Snapshots request (setting snapshotter.name)
     */
    public ServiceClients(String contentAddress, String snapshotterAddress, String diffAddress, String networkAddress,
            String namespace, String snapshotterName) {
        this.content = GrpcChannels.dial(contentAddress, namespace);
        this.snapshotter = GrpcChannels.dial(snapshotterAddress, namespace);
        this.diff = diffAddress == null || diffAddress.equals(snapshotterAddress)
                ? snapshotter : GrpcChannels.dial(diffAddress, namespace);
        this.network = GrpcChannels.dial(networkAddress, namespace);
        this.snapshotterName = snapshotterName;
    }

    public ServiceClients(String contentAddress, String snapshotterAddress, String networkAddress, String namespace) {
        this(contentAddress, snapshotterAddress, null, networkAddress, namespace, DEFAULT_SNAPSHOTTER);
    }

    public static ServiceClients from(ServiceOptions options, GatewaySettings settings) {
        String snapshotterAddress = options.peerAddress("snapshotter");
        return new ServiceClients(options.peerAddress("content"), snapshotterAddress,
                options.setting("diff.address", snapshotterAddress), options.peerAddress("network"),
                settings.namespace(), options.setting("snapshotter.name", DEFAULT_SNAPSHOTTER));
    }

    /** The snapshotter every Snapshots request names. */
    public String snapshotterName() {
        return snapshotterName;
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

    public LeasesGrpc.LeasesBlockingStub leases() {
        return LeasesGrpc.newBlockingStub(content).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
        return SnapshotsGrpc.newBlockingStub(snapshotter).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public DiffGrpc.DiffBlockingStub diff() {
        return DiffGrpc.newBlockingStub(diff).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    public NetworkGrpc.NetworkBlockingStub network() {
        return NetworkGrpc.newBlockingStub(network).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady();
    }

    /**
     * Waits until every peer answers its health check SERVING: the gateway starts beside its peers
     * (deploy/berth-stack starts them all at once) and recovers its containers only once they serve.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ManagedChannel channel : new LinkedHashSet<>(List.of(content, snapshotter, diff, network))) {
            long left = Math.max(1, deadline - System.nanoTime());
            ServingStatus status = HealthGrpc.newBlockingStub(channel).withWaitForReady()
                    .withDeadlineAfter(left, TimeUnit.NANOSECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            if (status != ServingStatus.SERVING) {
                throw new IllegalStateException(channel.authority() + " answers " + status + ", not SERVING");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        Set<ManagedChannel> channels = new LinkedHashSet<>(List.of(content, snapshotter, diff, network));
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
