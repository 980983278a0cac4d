package dev.berth.snapshot;

import com.google.protobuf.Empty;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.common.grpc.NamespaceInterceptor;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The content store's Leases service as the snapshotter uses it, in memory: leases exist per
 * namespace, AddResource on an unknown lease is NOT_FOUND as in containerd.
 */
final class FakeLeases extends LeasesGrpc.LeasesImplBase {
    /** Resources added, by "namespace/lease". */
    final Map<String, List<Resource>> resources = new ConcurrentHashMap<>();
    final Set<String> leases = ConcurrentHashMap.newKeySet();
    /** Whether each AddResource served carried a deadline. */
    final List<Boolean> deadlines = new CopyOnWriteArrayList<>();
    /** When set, every AddResource fails with it. */
    volatile Status fail;

    void create(String namespace, String lease) {
        leases.add(namespace + "/" + lease);
    }

    List<Resource> resources(String namespace, String lease) {
        return resources.getOrDefault(namespace + "/" + lease, List.of());
    }

    @Override
    public void addResource(AddResourceRequest request, StreamObserver<Empty> observer) {
        deadlines.add(Context.current().getDeadline() != null);
        String lease = NamespaceInterceptor.current() + "/" + request.getId();
        if (fail != null) {
            observer.onError(fail.asRuntimeException());
        } else if (!leases.contains(lease)) {
            observer.onError(Status.NOT_FOUND.withDescription("lease \"" + request.getId() + "\": not found")
                    .asRuntimeException());
        } else {
            resources.computeIfAbsent(lease, l -> new CopyOnWriteArrayList<>()).add(request.getResource());
            observer.onNext(Empty.getDefaultInstance());
            observer.onCompleted();
        }
    }
}
