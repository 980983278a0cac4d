package dev.berth.content.service;

import com.google.protobuf.Empty;
import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.DeleteContentRequest;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.InfoResponse;
import dev.berth.api.containerd.content.v1.ListContentRequest;
import dev.berth.api.containerd.content.v1.ListContentResponse;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.content.v1.ListStatusesResponse;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.content.v1.Status;
import dev.berth.api.containerd.content.v1.StatusRequest;
import dev.berth.api.containerd.content.v1.StatusResponse;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.content.v1.UpdateResponse;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.content.Digest;
import dev.berth.content.StoreException;
import dev.berth.content.blob.BlobStore;
import dev.berth.common.filter.Filters;
import dev.berth.content.ingest.Ingests;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.content.gc.CollectionScheduler;
import dev.berth.common.grpc.LeaseContext;
import dev.berth.content.lease.LeaseStore;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * containerd.services.content.v1.Content over the blob records of the caller's namespace and the
 * ingests. Deleting a blob schedules a collection (what only it kept may go too).
 */
public final class ContentService extends ContentGrpc.ContentImplBase {
    private static final int LIST_BATCH = 100;
    /** Runs Write streams' messages off gRPC's threads (see {@link PipelinedStream}); idle threads end. */
    private final java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("content-write-", 0).factory());

    private final BlobStore blobs;
    private final Ingests ingests;
    private final LeaseStore leases;
    private final CollectionScheduler collections;

    public ContentService(BlobStore blobs, Ingests ingests, LeaseStore leases, CollectionScheduler collections) {
        this.blobs = blobs;
        this.ingests = ingests;
        this.leases = leases;
        this.collections = collections;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        GrpcErrors.respond(out, () -> InfoResponse.newBuilder()
                .setInfo(blobs.info(NamespaceInterceptor.current(), Digest.parse(request.getDigest()))).build());
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> out) {
        GrpcErrors.respond(out, () -> {
            if (!request.hasInfo()) {
                throw StoreException.invalidArgument("info must be set");
            }
            Info info = blobs.updateLabels(NamespaceInterceptor.current(), Digest.parse(request.getInfo().getDigest()),
                    request.getInfo().getLabelsMap(), request.getUpdateMask().getPathsList());
            return UpdateResponse.newBuilder().setInfo(info).build();
        });
    }

    @Override
    public void list(ListContentRequest request, StreamObserver<ListContentResponse> out) {
        List<Info> matching = new ArrayList<>();
        try {
            Predicate<Filters.Fields> filter = Filters.parse(request.getFiltersList());
            blobs.forEach(NamespaceInterceptor.current(), info -> {
                if (filter.test(path -> fieldOf(info, path))) {
                    matching.add(info);
                }
            });
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        for (int i = 0; i < matching.size(); i += LIST_BATCH) {
            out.onNext(ListContentResponse.newBuilder().addAllInfo(matching.subList(i, Math.min(i + LIST_BATCH, matching.size()))).build());
        }
        out.onCompleted();
    }

    /** Fields of content for filters, as containerd names them: digest, size, labels.KEY. */
    private static Optional<String> fieldOf(Info info, List<String> path) {
        return switch (path.getFirst()) {
            case "digest" -> Optional.of(info.getDigest());
            case "size" -> Optional.of(Long.toString(info.getSize()));
            case "labels" -> Optional.ofNullable(info.getLabelsMap().get(String.join(".", path.subList(1, path.size()))));
            default -> Optional.empty();
        };
    }

    @Override
    public void delete(DeleteContentRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            blobs.delete(NamespaceInterceptor.current(), Digest.parse(request.getDigest()));
            collections.soon();
            return Empty.getDefaultInstance();
        });
    }

    /** Size 0 reads to the end; a range past the end is cut at the end, as containerd does. */
    @Override
    public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> out) {
        FileChannel file;
        long start = request.getOffset();
        long end;
        try {
            Digest digest = Digest.parse(request.getDigest());
            if (request.getOffset() < 0) {
                throw StoreException.invalidArgument("offset must not be negative: " + request.getOffset());
            }
            if (request.getSize() < 0) {
                throw StoreException.invalidArgument("size must not be negative: " + request.getSize());
            }
            long size = blobs.info(NamespaceInterceptor.current(), digest).getSize();
            if (start > size) {
                throw StoreException.outOfRange("offset " + start + " is beyond the size " + size + " of " + digest);
            }
            end = request.getSize() == 0 || request.getSize() > size - start ? size : start + request.getSize();
            file = blobs.open(NamespaceInterceptor.current(), digest);
        } catch (Exception e) {
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        BlobReadStream.start(file, start, end, (ServerCallStreamObserver<ReadContentResponse>) out);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
        GrpcErrors.respond(out, () -> StatusResponse.newBuilder().setStatus(ingests.status(request.getRef())).build());
    }

    @Override
    public void listStatuses(ListStatusesRequest request, StreamObserver<ListStatusesResponse> out) {
        GrpcErrors.respond(out, () -> {
            Predicate<Filters.Fields> filter = Filters.parse(request.getFiltersList());
            ListStatusesResponse.Builder response = ListStatusesResponse.newBuilder();
            ingests.forEach(status -> {
                if (filter.test(path -> fieldOf(status, path))) {
                    response.addStatuses(status);
                }
            });
            return response.build();
        });
    }

    /** Fields of an ingest for filters: ref, expected. */
    private static Optional<String> fieldOf(Status status, List<String> path) {
        return switch (path.getFirst()) {
            case "ref" -> Optional.of(status.getRef());
            case "expected" -> Optional.of(status.getExpected());
            default -> Optional.empty();
        };
    }

    @Override
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> out) {
        String namespace = NamespaceInterceptor.current();
        return PipelinedStream.of(new WriteSession(ingests, namespace, leases.forWrite(namespace, LeaseContext.current()), out),
                out, writers);
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            ingests.abort(request.getRef());
            leases.forWrite(NamespaceInterceptor.current(), LeaseContext.current()).aborted(request.getRef());
            return Empty.getDefaultInstance();
        });
    }
}
