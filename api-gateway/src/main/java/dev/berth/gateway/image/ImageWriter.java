package dev.berth.gateway.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an image whose layers are already in the content store, the one path import and commit
 * share: the config blob (its label {@code containerd.io/gc.ref.snapshot.<snapshotter>} names the top
 * snapshot), the OCI manifest (carrying containerd's {@code containerd.io/gc.ref.content.*}
 * labels), the layers unpacked into committed snapshots named by chain id (only those missing), then
 * the image record: {@code reference}, or {@code moby-dangling@<manifest digest>} without one.
 */
final class ImageWriter {
    static final String MANIFEST_OCI = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_OCI = "application/vnd.oci.image.config.v1+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
     * {@code layers}, unpacks them, and records the image with its uncompressed {@code size}.
     *
     * @param diffIds the layers' diff ids, as in the config's rootfs
     * @param reference the name to record, or null for a dangling image
     * @return the config digest (the image id)
     */
    String write(ObjectNode config, List<Descriptor> layers, List<String> diffIds, long size, ImageReference reference) {
        return writeRecord(config, layers, diffIds, size, reference == null ? null : reference.name());
    }

    /** As {@link #write}, recorded under the raw record {@code name} (null: dangling), e.g. a build-cache name. */
    String writeRecord(ObjectNode config, List<Descriptor> layers, List<String> diffIds, long size, String recordName) {
        if (layers.size() != diffIds.size()) {
            throw new IllegalArgumentException("image has " + layers.size() + " layers but " + diffIds.size() + " diff ids");
        }
        byte[] configBytes = json(config);
        // the config refers to the unpacked layers' top snapshot, as containerd's unpacker records it,
        // so garbage collection keeps the snapshots exactly as long as the image
        Map<String, String> configRefs = diffIds.isEmpty() ? Map.of()
                : Map.of("containerd.io/gc.ref.snapshot." + snapshotter, Digests.chainIds(diffIds).getLast());
        String configDigest = blobs.put("config-" + UUID.randomUUID(), configBytes, configRefs);

        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", MANIFEST_OCI);
        manifest.putObject("config").put("mediaType", CONFIG_OCI).put("digest", configDigest).put("size", configBytes.length);
        ArrayNode layerList = manifest.putArray("layers");
        Map<String, String> gcRefs = new LinkedHashMap<>();
        gcRefs.put("containerd.io/gc.ref.content.config", configDigest);
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            layerList.addObject().put("mediaType", layer.getMediaType()).put("digest", layer.getDigest()).put("size", layer.getSize());
            gcRefs.put("containerd.io/gc.ref.content.l." + i, layer.getDigest());
        }
        byte[] manifestBytes = json(manifest);
        String manifestDigest = blobs.put("manifest-" + UUID.randomUUID(), manifestBytes, gcRefs);

        unpacker.unpack(layers, diffIds);

        Descriptor target = Descriptor.newBuilder()
                .setMediaType(MANIFEST_OCI).setDigest(manifestDigest).setSize(manifestBytes.length).build();
        String name = recordName != null ? recordName : ImageRecords.DANGLING_PREFIX + manifestDigest;
        records.put(name, target, Map.of(ImageRecords.SIZE_LABEL, Long.toString(size)));
        return configDigest;
    }

    private static byte[] json(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an image document", e);
        }
    }
}
