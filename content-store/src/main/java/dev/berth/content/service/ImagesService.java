package dev.berth.content.service;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.CreateImageResponse;
import dev.berth.api.containerd.images.v1.DeleteImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.GetImageResponse;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.api.containerd.images.v1.ListImagesRequest;
import dev.berth.api.containerd.images.v1.ListImagesResponse;
import dev.berth.api.containerd.images.v1.UpdateImageRequest;
import dev.berth.api.containerd.images.v1.UpdateImageResponse;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.content.StoreException;
import dev.berth.content.Timestamps;
import dev.berth.common.filter.Filters;
import dev.berth.content.gc.CollectionScheduler;
import dev.berth.content.image.ImageStore;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * containerd.services.images.v1.Images over the image records of the caller's namespace. The
 * server sets created_at and updated_at: now, or source_date_epoch when the client gives one
 * (reproducible builds). Deleting an image schedules a garbage collection; with {@code sync},
 * the collection has run when the call returns, as containerd does.
 */
public final class ImagesService extends ImagesGrpc.ImagesImplBase {
    private final ImageStore images;
    private final CollectionScheduler collections;

    public ImagesService(ImageStore images, CollectionScheduler collections) {
        this.images = images;
        this.collections = collections;
    }

    @Override
    public void get(GetImageRequest request, StreamObserver<GetImageResponse> out) {
        GrpcErrors.respond(out, () -> GetImageResponse.newBuilder()
                .setImage(images.get(NamespaceInterceptor.current(), request.getName())).build());
    }

    @Override
    public void list(ListImagesRequest request, StreamObserver<ListImagesResponse> out) {
        GrpcErrors.respond(out, () -> {
            Predicate<Filters.Fields> filter = Filters.parse(request.getFiltersList());
            List<Image> found = images.list(NamespaceInterceptor.current(), image -> filter.test(path -> fieldOf(image, path)));
            return ListImagesResponse.newBuilder().addAllImages(found).build();
        });
    }

    /** Fields of an image for filters, as containerd names them. */
    private static Optional<String> fieldOf(Image image, List<String> path) {
        String rest = String.join(".", path.subList(1, path.size()));
        return switch (path.getFirst()) {
            case "name" -> Optional.of(image.getName());
            case "target" -> switch (rest) {
                case "digest" -> Optional.of(image.getTarget().getDigest());
                case "mediatype" -> Optional.of(image.getTarget().getMediaType());
                default -> Optional.empty();
            };
            case "labels" -> Optional.ofNullable(image.getLabelsMap().get(rest));
            case "annotations" -> Optional.ofNullable(image.getTarget().getAnnotationsMap().get(rest));
            default -> Optional.empty();
        };
    }

    @Override
    public void create(CreateImageRequest request, StreamObserver<CreateImageResponse> out) {
        GrpcErrors.respond(out, () -> {
            requireImage(request.hasImage());
            Timestamp now = request.hasSourceDateEpoch() ? request.getSourceDateEpoch() : Timestamps.now();
            return CreateImageResponse.newBuilder()
                    .setImage(images.create(NamespaceInterceptor.current(), request.getImage(), now)).build();
        });
    }

    @Override
    public void update(UpdateImageRequest request, StreamObserver<UpdateImageResponse> out) {
        GrpcErrors.respond(out, () -> {
            requireImage(request.hasImage());
            Timestamp now = request.hasSourceDateEpoch() ? request.getSourceDateEpoch() : Timestamps.now();
            Image updated = images.update(NamespaceInterceptor.current(), request.getImage(),
                    request.getUpdateMask().getPathsList(), now);
            return UpdateImageResponse.newBuilder().setImage(updated).build();
        });
    }

    @Override
    public void delete(DeleteImageRequest request, StreamObserver<Empty> out) {
        GrpcErrors.respond(out, () -> {
            images.delete(NamespaceInterceptor.current(), request.getName(), request.hasTarget() ? request.getTarget() : null);
            if (request.getSync()) {
                collections.now();
            } else {
                collections.soon();
            }
            return Empty.getDefaultInstance();
        });
    }

    private static void requireImage(boolean present) {
        if (!present) {
            throw StoreException.invalidArgument("image must be set");
        }
    }
}
