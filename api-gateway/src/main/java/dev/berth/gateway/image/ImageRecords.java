package dev.berth.gateway.image;

import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.DeleteImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.images.v1.ListImagesRequest;
import dev.berth.api.containerd.images.v1.UpdateImageRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.config.ServiceClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image records (name -> manifest descriptor) in the content store's Images service, with Docker's
 * naming rule on top: an image no name points at any more is kept as {@code moby-dangling@<manifest digest>}
 * (the name Docker's containerd store gives it), and that record goes as soon as a real name points at it.
 */
final class ImageRecords {
    static final String DANGLING_PREFIX = "moby-dangling@";
    /** The image's uncompressed size, on each of its records. */
    static final String SIZE_LABEL = "dev.berth.image.size";

    private final ServiceClients clients;

    ImageRecords(ServiceClients clients) {
        this.clients = clients;
    }

    static boolean dangling(String name) {
        return name.startsWith(DANGLING_PREFIX);
    }

    /** The builder's layer-cache records: never listed, inspected by name or removed as images. */
    static boolean buildCache(String name) {
        return name.startsWith(ImageService.BUILD_CACHE_PREFIX);
    }

    /** The records docker images and friends see: all but the builder's cache. */
    List<Image> listVisible() {
        return list().stream().filter(r -> !buildCache(r.getName())).toList();
    }

    List<Image> list() {
        return clients.images().list(ListImagesRequest.getDefaultInstance()).getImagesList();
    }

    Optional<Image> get(String name) {
        try {
            return Optional.of(clients.images().get(GetImageRequest.newBuilder().setName(name).build()).getImage());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes the record; one that is already gone is fine. */
    void delete(String name) {
        delete(name, false);
    }

    /**
     * Deletes the record; with {@code collect}, the content store's garbage collection has freed
     * what only this record kept (containerd's {@code sync}) when the call returns.
     */
    void delete(String name, boolean collect) {
        try {
            clients.images().delete(DeleteImageRequest.newBuilder().setName(name).setSync(collect).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Creates the record, or moves an existing name to the new target; an image left without a name becomes dangling. */
    void put(String name, Descriptor target, Map<String, String> labels) {
        Image.Builder record = Image.newBuilder().setName(name).setTarget(target).putAllLabels(labels);
        Optional<Image> existing = get(name);
        if (existing.isEmpty()) {
            try {
                clients.images().create(CreateImageRequest.newBuilder().setImage(record).build());
                removeDanglingRecord(target.getDigest(), name);
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        Descriptor previous = existing.map(Image::getTarget).orElse(null);
        clients.images().update(UpdateImageRequest.newBuilder().setImage(record).build());
        removeDanglingRecord(target.getDigest(), name);
        // a build-cache entry moved by a --no-cache build leaves its old image to garbage collection
        if (previous != null && !previous.getDigest().equals(target.getDigest()) && !dangling(name) && !buildCache(name)) {
            keepAsDangling(previous, existing.get().getLabelsMap());
        }
    }

    /** The image a tag moved away from stays listed as <none>:<none> while nothing else names it. */
    private void keepAsDangling(Descriptor previous, Map<String, String> labels) {
        boolean named = listVisible().stream().anyMatch(r -> r.getTarget().getDigest().equals(previous.getDigest()));
        if (!named) {
            try {
                clients.images().create(CreateImageRequest.newBuilder().setImage(Image.newBuilder()
                        .setName(DANGLING_PREFIX + previous.getDigest()).setTarget(previous).putAllLabels(labels)).build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
    }

    private void removeDanglingRecord(String manifestDigest, String exceptName) {
        String dangling = DANGLING_PREFIX + manifestDigest;
        if (!dangling.equals(exceptName)) {
            delete(dangling);
        }
    }
}
