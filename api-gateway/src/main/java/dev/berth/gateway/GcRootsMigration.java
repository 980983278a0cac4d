package dev.berth.gateway;

import com.google.protobuf.FieldMask;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.UpdateSnapshotRequest;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.runtime.ContainerCreation;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images and containers made before the storage services collected garbage lack the references
 * collection follows: an image config's {@code containerd.io/gc.ref.snapshot.<snapshotter>} label
 * and a container snapshot's {@code containerd.io/gc.root}. Adds them once at start, so the first
 * collection after an upgrade keeps what is still in use. Records that already have them are left
 * as they are; a failure is logged and tried again at the next start. Once it has run through, a
 * marker file keeps later starts from walking every image and container again: since then the
 * gateway writes those labels itself.
 */
final class GcRootsMigration {
    private static final Logger LOG = LoggerFactory.getLogger(GcRootsMigration.class);


    private final ServiceClients clients;
    private final java.nio.file.Path done;

    /** @param done the marker written once every image and container has been checked */
    GcRootsMigration(ServiceClients clients, java.nio.file.Path done) {
        this.clients = clients;
        this.done = done;
    }

    void run(ImageService images, ContainerService containers) {
        if (java.nio.file.Files.exists(done)) {
            return;
        }
        try {
            int labelled = 0;
            for (Image image : images.list()) {
                if (!image.diffIds().isEmpty() && labelConfig(image)) {
                    labelled++;
                }
            }
            for (Container container : containers.list(true, Map.of())) {
                if (labelSnapshot(container.id())) {
                    labelled++;
                }
            }
            if (labelled > 0) {
                LOG.info("added garbage collection references to {} images and containers made before collection existed", labelled);
            }
            dev.berth.common.fs.DurableFiles.replace(done, new byte[0]);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("could not check the garbage collection references of existing images and containers", e);
        }
    }

    private boolean labelConfig(Image image) {
        String label = "containerd.io/gc.ref.snapshot." + clients.snapshotterName();
        Info info = clients.content().info(InfoRequest.newBuilder().setDigest(image.id()).build()).getInfo();
        if (info.containsLabels(label)) {
            return false;
        }
        String chainId = image.chainId();
        clients.content().update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(image.id()).putLabels(label, chainId))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + label)).build());
        return true;
    }

    private boolean labelSnapshot(String key) {
        try {
            var info = clients.snapshots().stat(StatSnapshotRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(key).build()).getInfo();
            if (info.containsLabels(ContainerCreation.GC_ROOT_LABEL)) {
                return false;
            }
            clients.snapshots().update(UpdateSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName())
                    .setInfo(info.toBuilder().putLabels(ContainerCreation.GC_ROOT_LABEL, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + ContainerCreation.GC_ROOT_LABEL)).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                throw e; // not checked: the marker must not be written
            }
            LOG.debug("container {} has no snapshot to label", key);
            return false;
        }
    }
}
