package dev.berth.gateway.image;

import com.google.protobuf.FieldMask;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.ImageIndex;
import dev.berth.image.manifest.ImageManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records an image whose documents and layers are already in the content store byte for byte as
 * they came (pull, load), so its id and digests are the ones the registry or archive gave: adds
 * the references garbage collection follows (index to manifests, manifest to config and layers,
 * config to the top layer's snapshot, as containerd's clients label them), unpacks the layers
 * under their chain ids and points the name at {@code target}. Runs under the caller's lease.
 */
final class StoredImageRecorder {
    private final ServiceClients clients;
    private final LayerUnpacker unpacker;
    private final ImageRecords records;

    StoredImageRecorder(ServiceClients clients, LayerUnpacker unpacker, ImageRecords records) {
        this.clients = clients;
        this.unpacker = unpacker;
        this.records = records;
    }

    /**
     * @param target   what the name points at: {@code manifestDigest}'s manifest, or an index holding it
     * @param index    the index when {@code target} is one, else null
     * @param manifest the platform's manifest, stored under {@code manifestDigest}
     * @param config   its config, stored under the manifest's config digest
     * @param name     the full name to record (docker.io/library/busybox:latest), or null for a dangling image
     * @return the image id: the config's digest
     */
    Digest record(Descriptor target, ImageIndex index, Digest manifestDigest, ImageManifest manifest, ImageConfig config,
            String name) {
        List<dev.berth.image.manifest.Descriptor> layers = manifest.layers();
        List<Digest> diffIds = config.rootfs().diffIds();
        if (layers.size() != diffIds.size()) {
            throw new IllegalArgumentException("manifest " + manifestDigest + " has " + layers.size()
                    + " layers but its config has " + diffIds.size() + " diff ids");
        }
        if (index != null) {
            Map<String, String> refs = new LinkedHashMap<>();
            for (int i = 0; i < index.manifests().size(); i++) {
                refs.put("containerd.io/gc.ref.content.m." + i, index.manifests().get(i).digest().toString());
            }
            label(Digest.parse(target.getDigest()), refs);
        }
        Map<String, String> manifestRefs = new LinkedHashMap<>();
        manifestRefs.put("containerd.io/gc.ref.content.config", manifest.config().digest().toString());
        for (int i = 0; i < layers.size(); i++) {
            manifestRefs.put("containerd.io/gc.ref.content.l." + i, layers.get(i).digest().toString());
        }
        label(manifestDigest, manifestRefs);
        if (!diffIds.isEmpty()) {
            label(manifest.config().digest(), Map.of("containerd.io/gc.ref.snapshot." + clients.snapshotterName(),
                    ChainId.of(diffIds).toString()));
        }

        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (dev.berth.image.manifest.Descriptor layer : layers) {
            layerDescriptors.add(Descriptor.newBuilder().setMediaType(layer.mediaType())
                    .setDigest(layer.digest().toString()).setSize(layer.size()).build());
        }
        unpacker.unpack(layerDescriptors, diffIds);
        // docker images shows the unpacked size, which the snapshotter recorded when it committed each layer
        long size = 0;
        for (Digest chainId : ChainId.chain(diffIds)) {
            size += clients.snapshots().usage(UsageRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(chainId.toString()).build()).getSize();
        }
        records.put(name != null ? name : ImageRecords.DANGLING_PREFIX + target.getDigest(), target,
                Map.of(ImageRecords.SIZE_LABEL, Long.toString(size)));
        return manifest.config().digest();
    }

    private void label(Digest blob, Map<String, String> labels) {
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(key -> mask.addPaths("labels." + key));
        clients.content().update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(blob.toString()).putAllLabels(labels)).setUpdateMask(mask).build());
    }
}
