package dev.berth.snapshot.content;

import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.leases.v1.Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Adds snapshots to leases through the content store's Leases API (containerd.services.leases.v1),
 * which owns leases and garbage collection: a snapshot made under a lease is a resource
 * {@code snapshots/<snapshotter>} of it, as containerd's metadata snapshotter records it.
 */
public final class SnapshotLeases {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ContentBlobs content;

    public SnapshotLeases(ContentBlobs content) {
        this.content = content;
    }

    /**
     * Adds snapshot {@code key} of {@code snapshotter} to lease {@code leaseId} in {@code namespace}.
     * A failure keeps the Leases service's code (NOT_FOUND for an unknown lease, UNAVAILABLE when it
     * cannot be reached) with a message that names the snapshot and the lease.
     */
    public void add(String namespace, String leaseId, String snapshotter, String key) {
        AddResourceRequest request = AddResourceRequest.newBuilder()
                .setId(leaseId)
                .setResource(Resource.newBuilder().setType("snapshots/" + snapshotter).setId(key))
                .build();
        try {
            LeasesGrpc.newBlockingStub(content.channel(namespace))
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .addResource(request);
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            throw status.withDescription("adding snapshot " + key + " to lease " + leaseId + ": "
                    + (status.getDescription() != null ? status.getDescription() : status.getCode()))
                    .withCause(e).asRuntimeException();
        }
    }
}
