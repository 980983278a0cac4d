package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.Platform;
import dev.berth.image.manifest.ImageIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what an image record points at: a manifest, or an index resolved to this host's platform
 * (as containerd's default platform matcher picks it), and the manifest's config. Documents never
 * change under their digest, so what was read once is kept.
 */
final class ManifestResolver {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A record's manifest, read and parsed: the manifest's descriptor, config digest and JSON, layers, diff ids. */
    record Resolved(Descriptor manifest, String configDigest, ObjectNode config, List<Descriptor> layers, List<String> diffIds) {}

    private final ContentBlobs blobs;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    ManifestResolver(ContentBlobs blobs) {
        this.blobs = blobs;
    }

    Resolved resolve(Descriptor target) {
        Resolved known = resolved.get(target.getDigest());
        if (known != null) {
            return known;
        }
        byte[] bytes = blobs.read(target.getDigest());
        JsonNode manifest = json(bytes, target.getDigest());
        String mediaType = manifest.path("mediaType").asText(target.getMediaType());
        if (mediaType.equals(ContentImageService.INDEX_OCI) || mediaType.equals(ContentImageService.INDEX_DOCKER)
                || manifest.has("manifests")) {
            Platform host = Platform.host();
            dev.berth.image.manifest.Descriptor entry = ImageIndex.parse(bytes).select(host).orElseThrow(() ->
                    DockerApiException.notFound("no matching manifest for " + host + " in the manifest list entries"));
            Resolved chosen = resolve(Descriptor.newBuilder().setMediaType(entry.mediaType())
                    .setDigest(entry.digest().toString()).setSize(entry.size()).build());
            resolved.put(target.getDigest(), chosen);
            return chosen;
        }
        String configDigest = manifest.path("config").path("digest").asText();
        JsonNode config = json(blobs.read(configDigest), configDigest);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(Descriptor.newBuilder()
                    .setMediaType(layer.path("mediaType").asText(""))
                    .setDigest(layer.path("digest").asText())
                    .setSize(layer.path("size").asLong())
                    .build());
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode diffId : config.path("rootfs").path("diff_ids")) {
            diffIds.add(diffId.asText());
        }
        Resolved r = new Resolved(target, configDigest, (ObjectNode) config, List.copyOf(layers), List.copyOf(diffIds));
        resolved.put(target.getDigest(), r);
        return r;
    }

    private static JsonNode json(byte[] bytes, String digest) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw DockerApiException.serverError("blob " + digest + " is not a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw DockerApiException.serverError("blob " + digest + " is not valid JSON", e);
        }
    }
}
