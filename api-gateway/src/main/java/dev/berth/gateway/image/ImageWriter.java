package dev.berth.gateway.image;

import dev.berth.api.containerd.types.Descriptor;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.ImageManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an image whose layers are already in the content store, the one path import, commit and
 * build share: the config blob (its label {@code containerd.io/gc.ref.snapshot.<snapshotter>} names the top
 * snapshot), the OCI manifest (carrying containerd's {@code containerd.io/gc.ref.content.*}
 * labels), the layers unpacked into committed snapshots named by chain id (only those missing), then
 * the image record: {@code reference}, or {@code moby-dangling@<manifest digest>} without one. Both
 * documents are image-spec's typed ones, written as compact JSON in moby's field order.
 */
final class ImageWriter {
    static final String MANIFEST_OCI = MediaTypes.OCI_MANIFEST;
    static final String CONFIG_OCI = MediaTypes.OCI_CONFIG;

    private final ContentBlobs blobs;
    private final LayerUnpacker unpacker;
    private final ImageRecords records;
    private final String snapshotter;

    ImageWriter(ContentBlobs blobs, LayerUnpacker unpacker, ImageRecords records, String snapshotter) {
        this.blobs = blobs;
        this.unpacker = unpacker;
        this.records = records;
        this.snapshotter = snapshotter;
    }

    /**
     * Stores {@code config} (compact JSON, its digest that of exactly those bytes) and a manifest of
     * {@code layers}, unpacks them, and records the image with its uncompressed {@code size}. The
     * layers' diff ids are the config's rootfs.
     *
     * @param reference the name to record, or null for a dangling image
     * @return the config digest (the image id)
     */
    Digest write(ImageConfig config, List<Descriptor> layers, long size, ImageReference reference) {
        return writeRecord(config, layers, size, reference == null ? null : reference.name());
    }

    /** As {@link #write}, recorded under the raw record {@code name} (null: dangling), e.g. a build-cache name. */
    Digest writeRecord(ImageConfig config, List<Descriptor> layers, long size, String recordName) {
        List<Digest> diffIds = config.rootfs().diffIds();
        if (layers.size() != diffIds.size()) {
            throw new IllegalArgumentException("image has " + layers.size() + " layers but " + diffIds.size() + " diff ids");
        }
        byte[] configBytes = config.toJson();
        // the config refers to the unpacked layers' top snapshot, as containerd's unpacker records it,
        // so garbage collection keeps the snapshots exactly as long as the image
        Map<String, String> configRefs = diffIds.isEmpty() ? Map.of()
                : Map.of("containerd.io/gc.ref.snapshot." + snapshotter, ChainId.of(diffIds).toString());
        Digest configDigest = blobs.put("config-" + UUID.randomUUID(), configBytes, configRefs);

        ImageManifest manifest = ImageManifest.oci(
                dev.berth.image.manifest.Descriptor.of(CONFIG_OCI, configDigest, configBytes.length),
                layers.stream().map(Descriptors::typed).toList());
        Map<String, String> gcRefs = new LinkedHashMap<>();
        gcRefs.put("containerd.io/gc.ref.content.config", configDigest.toString());
        for (int i = 0; i < layers.size(); i++) {
            gcRefs.put("containerd.io/gc.ref.content.l." + i, layers.get(i).getDigest());
        }
        byte[] manifestBytes = manifest.toJson();
        Digest manifestDigest = blobs.put("manifest-" + UUID.randomUUID(), manifestBytes, gcRefs);

        unpacker.unpack(layers, diffIds);

        Descriptor target = Descriptors.grpc(MANIFEST_OCI, manifestDigest, manifestBytes.length);
        String name = recordName != null ? recordName : ImageRecords.DANGLING_PREFIX + manifestDigest;
        records.put(name, target, Map.of(ImageRecords.SIZE_LABEL, Long.toString(size)));
        return configDigest;
    }
}
