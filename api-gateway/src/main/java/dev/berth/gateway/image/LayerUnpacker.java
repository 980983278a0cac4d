package dev.berth.gateway.image;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotResponse;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;

/**
 * Unpacks an image's layers into committed snapshots named by chain id, as containerd's unpacker
 * does: a layer already unpacked (by this image or another sharing it) is skipped; a failed apply
 * leaves no active snapshot behind.
 */
final class LayerUnpacker {

    private final ServiceClients clients;

    LayerUnpacker(ServiceClients clients) {
        this.clients = clients;
    }

    /** Unpacks {@code layers} (with their {@code diffIds}) and returns the chain id of the top layer, null for none. */
    Digest unpack(List<Descriptor> layers, List<Digest> diffIds) {
        if (layers.size() != diffIds.size()) {
            throw new IllegalArgumentException("image has " + layers.size() + " layers but " + diffIds.size() + " diff ids");
        }
        List<Digest> chainIds = ChainId.chain(diffIds);
        Digest parent = null;
        for (int i = 0; i < layers.size(); i++) {
            Digest chainId = chainIds.get(i);
            if (!exists(chainId.toString())) {
                apply(layers.get(i), chainId.toString(), parent == null ? "" : parent.toString());
            }
            parent = chainId;
        }
        return parent;
    }

    boolean exists(String chainId) {
        try {
            clients.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName()).setKey(chainId).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private void apply(Descriptor layer, String chainId, String parent) {
        String key = "extract-" + UUID.randomUUID() + " " + chainId;
        PrepareSnapshotResponse prepared = clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter(clients.snapshotterName()).setKey(key).setParent(parent).build());
        boolean committed = false;
        try {
            clients.diff().apply(ApplyRequest.newBuilder().setDiff(layer).addAllMounts(prepared.getMountsList()).build());
            try {
                clients.snapshots().commit(CommitSnapshotRequest.newBuilder()
                        .setSnapshotter(clients.snapshotterName()).setName(chainId).setKey(key).build());
                committed = true;
            } catch (StatusRuntimeException e) {
                // unpacked concurrently by another import of the same layer: theirs is as good as ours
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
            }
        } finally {
            if (!committed) {
                try {
                    clients.snapshots().remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName()).setKey(key).build());
                } catch (StatusRuntimeException ignored) {
                    // already gone
                }
            }
        }
    }
}
