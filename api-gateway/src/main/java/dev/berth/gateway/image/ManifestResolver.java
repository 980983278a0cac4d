package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.Digest;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.MediaTypes;
import dev.berth.image.Platform;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.ImageIndex;
import dev.berth.image.manifest.ImageManifest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what an image record points at: a manifest, or an index resolved to this host's platform
 * (as containerd's default platform matcher picks it), and the manifest's config, with image-spec's
 * typed documents. Documents never change under their digest, so what was read once is kept.
 */
final class ManifestResolver {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A record's manifest, read and parsed: the manifest's descriptor, the config digest (the image id),
     * the config as a JSON tree (what the renderers read) and typed, the layers and diff ids.
     */
    record Resolved(Descriptor manifest, Digest configDigest, ObjectNode config, ImageConfig imageConfig,
            List<Descriptor> layers, List<Digest> diffIds) {}

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
        Digest digest = Digest.parse(target.getDigest());
        byte[] bytes = blobs.read(digest);
        JsonNode document = json(bytes, digest);
        String mediaType = document.path("mediaType").asText(target.getMediaType());
        try {
            if (MediaTypes.isIndex(mediaType) || document.has("manifests")) {
                Platform host = Platform.host();
                dev.berth.image.manifest.Descriptor entry = ImageIndex.parse(bytes, digest).select(host).orElseThrow(() ->
                        DockerApiException.notFound("no matching manifest for " + host + " in the manifest list entries"));
                Resolved chosen = resolve(Descriptors.grpc(entry));
                resolved.put(target.getDigest(), chosen);
                return chosen;
            }
            ImageManifest manifest = ImageManifest.parse(bytes, digest);
            Digest configDigest = manifest.config().digest();
            byte[] configBytes = blobs.read(configDigest);
            ImageConfig config = ImageConfig.parse(configBytes, configDigest);
            List<Descriptor> layers = manifest.layers().stream().map(Descriptors::grpc).toList();
            Resolved r = new Resolved(target, configDigest, (ObjectNode) json(configBytes, configDigest), config,
                    layers, config.rootfs().diffIds());
            resolved.put(target.getDigest(), r);
            return r;
        } catch (InvalidDocumentException e) {
            throw DockerApiException.serverError("image " + digest + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(byte[] bytes, Digest digest) {
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
