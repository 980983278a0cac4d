package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.diff.v1.DiffRequest;
import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.containerd.types.Mount;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.config.ImageConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker commit over the snapshotter's Diff service, as containerd's image commit does: a read-only
 * view of the parent image's top snapshot is the lower side, the container's snapshot the upper one;
 * the differ writes the layer blob (tar+gzip) into the content store and answers its descriptor with
 * the diff id; the view goes whatever happens. The image is then written as an import is
 * ({@link ImageWriter}): config, manifest, the new layer unpacked under its chain id, the record.
 */
final class ImageCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCommitter.class);
    static final String LAYER_MEDIA_TYPE = LayerIngest.MEDIA_TYPE_TAR_GZIP;
    static final String UNCOMPRESSED = "containerd.io/uncompressed";
    /** Diffing walks the container's changes and compresses them: longer than an ordinary call. */
    private static final long DIFF_SECONDS = 30 * 60;

    /** The image a container was made from: its config document, layers, diff ids and uncompressed size. */
    record Parent(ObjectNode config, ImageConfig imageConfig, List<Descriptor> layers, List<Digest> diffIds, long size) {
        static final Parent NONE = new Parent(null, null, List.of(), List.of(), 0);

        /** The top snapshot's name, null without layers. */
        Digest chainId() {
            return diffIds.isEmpty() ? null : ChainId.of(diffIds);
        }
    }

    private final ServiceClients clients;
    private final ImageWriter writer;

    ImageCommitter(ServiceClients clients, ImageWriter writer) {
        this.clients = clients;
        this.writer = writer;
    }

    /** Commits the container's changes on top of {@code parent}; returns the new image's config digest. */
    Digest commit(CommitRequest request, Parent parent) {
        // everything that can be refused is checked before anything is written
        ImageReference reference = reference(request);
        ObjectNode runConfig = CommittedConfig.runConfig(request.containerConfig(), request.requestedConfig(), request.changes());

        Descriptor layer = diff(request.containerId(), parent.chainId());
        Digest diffId = diffIdOf(layer);
        boolean empty = CommittedConfig.EMPTY_LAYER_DIFF_ID.equals(diffId);
        ImageConfig config = ImageDocuments.config(
                CommittedConfig.imageConfig(parent.config(), request, runConfig, empty ? null : diffId, Instant.now()));

        List<Descriptor> layers = new ArrayList<>(parent.layers());
        long size = parent.size();
        if (!empty) {
            layers.add(Descriptor.newBuilder().setMediaType(layer.getMediaType().isEmpty() ? LAYER_MEDIA_TYPE : layer.getMediaType())
                    .setDigest(layer.getDigest()).setSize(layer.getSize()).build());
            size += changesSize(request.containerId(), layer);
        }
        return writer.write(config, layers, size, reference);
    }

    /** A container's changes as a layer: its descriptor, diff id and what it adds to the image's size. */
    record Layer(Descriptor descriptor, Digest diffId, long size) {}

    /** The builder's commit: the container's changes on {@code parent} as a layer, null when it changed nothing. */
    Layer layerOf(String containerId, Parent parent) {
        Descriptor layer = diff(containerId, parent.chainId());
        Digest diffId = diffIdOf(layer);
        if (CommittedConfig.EMPTY_LAYER_DIFF_ID.equals(diffId)) {
            return null;
        }
        Descriptor descriptor = Descriptor.newBuilder()
                .setMediaType(layer.getMediaType().isEmpty() ? LAYER_MEDIA_TYPE : layer.getMediaType())
                .setDigest(layer.getDigest()).setSize(layer.getSize()).build();
        return new Layer(descriptor, diffId, changesSize(containerId, layer));
    }

    /**
     * The layer's diff id: Berth's differ puts it in the answer's annotations; containerd's walking
     * differ only labels the content it wrote ({@code containerd.io/uncompressed}), so that is asked next.
     */
    private Digest diffIdOf(Descriptor layer) {
        String diffId = layer.getAnnotationsMap().get(UNCOMPRESSED);
        if (diffId == null || diffId.isEmpty()) {
            diffId = clients.content().info(dev.berth.api.containerd.content.v1.InfoRequest.newBuilder()
                    .setDigest(layer.getDigest()).build()).getInfo().getLabelsMap().get(UNCOMPRESSED);
        }
        if (diffId == null || diffId.isEmpty()) {
            throw DockerApiException.serverError("the differ did not report the diff id of layer " + layer.getDigest(), null);
        }
        return Digest.parse(diffId);
    }

    /** A committed layer's own size (the snapshotter's Usage of its snapshot, Docker's DiffSize), else {@code fallback}. */
    long layerSize(Digest chainId, long fallback) {
        try {
            return clients.snapshots().withDeadlineAfter(30, TimeUnit.SECONDS).usage(UsageRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(chainId.toString()).build()).getSize();
        } catch (StatusRuntimeException e) {
            return fallback;
        }
    }

    private static ImageReference reference(CommitRequest request) {
        if (request.repository().isEmpty()) {
            return null;
        }
        return ImageNames.tagTarget(request.repository(), request.tag());
    }

    /** Diff(view of the parent, the container's mounts); the view is removed also when the diff fails. */
    private Descriptor diff(String containerId, Digest parentChainId) {
        String viewKey = "commit-view-" + UUID.randomUUID();
        boolean viewed = false;
        try {
            List<Mount> left = List.of();
            if (parentChainId != null) {
                viewed = true; // a view the call made before it failed is removed too
                left = clients.snapshots().view(ViewSnapshotRequest.newBuilder()
                        .setSnapshotter(clients.snapshotterName()).setKey(viewKey).setParent(parentChainId.toString()).build()).getMountsList();
            }
            List<Mount> right = containerMounts(containerId);
            return clients.diff().withDeadlineAfter(DIFF_SECONDS, TimeUnit.SECONDS).diff(DiffRequest.newBuilder()
                    .addAllLeft(left).addAllRight(right).setMediaType(LAYER_MEDIA_TYPE).build()).getDiff();
        } finally {
            if (viewed) {
                removeView(viewKey);
            }
        }
    }

    private List<Mount> containerMounts(String containerId) {
        try {
            return clients.snapshots().mounts(MountsRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(containerId).build()).getMountsList();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw DockerApiException.serverError("the root filesystem of container " + containerId + " is missing", e);
            }
            throw e;
        }
    }

    private void removeView(String viewKey) {
        try {
            clients.snapshots().remove(RemoveSnapshotRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(viewKey).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                // a view holds no data of its own; the snapshotter's Cleanup takes what is left
                LOG.warn("could not remove the commit view {}: {}", viewKey, e.getStatus());
            }
        }
    }

    /**
     * What the new layer adds to the image's size: the apparent size of the container's changes (the
     * snapshot's own directory, Docker's measure of a layer), or the blob's size if that cannot be read.
     */
    private long changesSize(String containerId, Descriptor layer) {
        try {
            return clients.snapshots().usage(UsageRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(containerId).build()).getSize();
        } catch (StatusRuntimeException e) {
            LOG.warn("could not measure the changes of container {}: {}", containerId, e.getStatus());
            return layer.getSize();
        }
    }
}
