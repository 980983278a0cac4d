package dev.berth.gateway.image;

import dev.berth.api.containerd.leases.v1.CreateRequest;
import dev.berth.api.containerd.leases.v1.DeleteRequest;
import dev.berth.common.grpc.LeaseContext;
import dev.berth.gateway.config.ServiceClients;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that writes content and snapshots before an image record refers to them (import, commit,
 * and later pull and build) runs under a lease, as containerd's clients do: a garbage collection
 * running meanwhile sees the half-made image's blobs and snapshots as referenced. The lease
 * expires by itself ({@code containerd.io/gc.expire}) should the gateway die before deleting it.
 */
public final class ImageLease {
    private static final Logger LOG = LoggerFactory.getLogger(ImageLease.class);
    static final String EXPIRE_LABEL = "containerd.io/gc.expire";
    private static final Duration LIFETIME = Duration.ofHours(24);

    private final ServiceClients clients;

    ImageLease(ServiceClients clients) {
        this.clients = clients;
    }

    /** What runs under the lease. */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work} with every call to the storage services inside a fresh lease, deleted afterwards. */
    <T, E extends Exception> T within(String purpose, Work<T, E> work) throws E {
        String id = "berth-" + purpose + "-" + UUID.randomUUID();
        String expiry = Instant.now().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS).toString();
        clients.leases().create(CreateRequest.newBuilder().setId(id).putAllLabels(Map.of(EXPIRE_LABEL, expiry)).build());
        try (LeaseContext.Scope ignored = LeaseContext.enter(id)) {
            return work.run();
        } finally {
            try {
                clients.leases().delete(DeleteRequest.newBuilder().setId(id).build());
            } catch (StatusRuntimeException e) {
                LOG.warn("lease {} not deleted ({}); it expires at {}", id, e.getStatus(), expiry);
            }
        }
    }
}
