package dev.berth.content.service;

import com.google.protobuf.Empty;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.CreateRequest;
import dev.berth.api.containerd.leases.v1.CreateResponse;
import dev.berth.api.containerd.leases.v1.DeleteRequest;
import dev.berth.api.containerd.leases.v1.DeleteResourceRequest;
import dev.berth.api.containerd.leases.v1.Lease;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.leases.v1.ListRequest;
import dev.berth.api.containerd.leases.v1.ListResourcesRequest;
import dev.berth.api.containerd.leases.v1.ListResourcesResponse;
import dev.berth.api.containerd.leases.v1.ListResponse;
import dev.berth.common.filter.Filters;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.content.StoreException;
import dev.berth.content.gc.CollectionScheduler;
import dev.berth.content.lease.LeaseStore;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * containerd.services.leases.v1.Leases over the leases of the caller's namespace. Deleting a
 * lease schedules a collection; with {@code sync}, the collection has run when the call returns.
 */
public final class LeasesService extends LeasesGrpc.LeasesImplBase {
    private final LeaseStore leases;
    private final CollectionScheduler collections;

    public LeasesService(LeaseStore leases, CollectionScheduler collections) {
        this.leases = leases;
        this.collections = collections;
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> out) {
        GrpcErrors.respond(out, () -> CreateResponse.newBuilder()
                .setLease(leases.create(NamespaceInterceptor.current(), request.getId(), request.getLabelsMap())).build());
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            leases.delete(NamespaceInterceptor.current(), request.getId());
            if (request.getSync()) {
                collections.now();
            } else {
                collections.soon();
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> out) {
        GrpcErrors.respond(out, () -> {
            Predicate<Filters.Fields> filter = Filters.parse(request.getFiltersList());
            List<Lease> found = leases.list(NamespaceInterceptor.current(), lease -> filter.test(path -> fieldOf(lease, path)));
            return ListResponse.newBuilder().addAllLeases(found).build();
        });
    }

    /** Fields of a lease for filters, as containerd names them: id, labels.KEY. */
    private static Optional<String> fieldOf(Lease lease, List<String> path) {
        return switch (path.getFirst()) {
            case "id" -> Optional.of(lease.getId());
            case "labels" -> Optional.ofNullable(lease.getLabelsMap().get(String.join(".", path.subList(1, path.size()))));
            default -> Optional.empty();
        };
    }

    @Override
    public void addResource(AddResourceRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            requireResource(request.hasResource());
            leases.addResource(NamespaceInterceptor.current(), request.getId(), request.getResource());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void deleteResource(DeleteResourceRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            requireResource(request.hasResource());
            leases.deleteResource(NamespaceInterceptor.current(), request.getId(), request.getResource());
            collections.soon();
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void listResources(ListResourcesRequest request, StreamObserver<ListResourcesResponse> out) {
        GrpcErrors.respond(out, () -> ListResourcesResponse.newBuilder()
                .addAllResources(leases.resources(NamespaceInterceptor.current(), request.getId())).build());
    }

    private static void requireResource(boolean present) {
        if (!present) {
            throw StoreException.invalidArgument("resource must be set");
        }
    }
}
