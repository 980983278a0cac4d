package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import dev.berth.image.MediaTypes;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.ImageManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * docker load: reads an archive as {@code docker save} writes it (Docker's {@code manifest.json},
 * old or new layout) or an OCI image layout ({@code index.json}), stores its configs and layers,
 * and records each image under its tags (or dangling). The archive is spooled to disk first
 * ({@link ArchiveSpool}), because its index may come after the blobs it names. Everything is
 * stored under one lease, so a collection running meanwhile takes nothing half loaded.
 */
final class ImageArchiveLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContentBlobs blobs;
    private final ContentImageService images;
    private final Path scratch;

    ImageArchiveLoader(ContentBlobs blobs, ContentImageService images, Path scratch) {
        this.blobs = blobs;
        this.images = images;
        this.scratch = scratch;
    }

    /** Loads {@code archive}; {@code report} gets one line per image ("Loaded image: busybox:latest"). */
    void load(InputStream archive, Consumer<String> report) throws IOException {
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "load-");
        try {
            ArchiveSpool spool = ArchiveSpool.read(new BufferedInputStream(archive, 1 << 16), dir);
            images.leased("load", () -> {
                if (spool.has("manifest.json")) {
                    loadDockerArchive(spool, report);
                } else if (spool.has("index.json")) {
                    loadOciLayout(spool, report);
                } else {
                    throw DockerApiException.badRequest("invalid archive: neither manifest.json nor index.json found");
                }
                return null;
            });
        } finally {
            DurableFiles.deleteTree(dir);
        }
    }

    private void loadDockerArchive(ArchiveSpool spool, Consumer<String> report) throws IOException {
        JsonNode entries = MAPPER.readTree(spool.read("manifest.json"));
        if (!entries.isArray()) {
            throw DockerApiException.badRequest("invalid archive: manifest.json is not a list");
        }
        for (JsonNode entry : entries) {
            byte[] configBytes = spool.read(entry.path("Config").asText());
            ImageConfig config = parseConfig(configBytes);
            Digest configDigest = Digest.of(configBytes);
            blobs.put("load-config-" + UUID.randomUUID(), configBytes, java.util.Map.of());
            List<Digest> diffIds = config.rootfs().diffIds();
            JsonNode layerPaths = entry.path("Layers");
            if (layerPaths.size() != diffIds.size()) {
                throw DockerApiException.badRequest("invalid archive: " + layerPaths.size() + " layers for "
                        + diffIds.size() + " diff ids in " + entry.path("Config").asText());
            }
            List<dev.berth.image.manifest.Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < layerPaths.size(); i++) {
                LayerIngest.Layer layer;
                try (InputStream in = spool.open(layerPaths.get(i).asText())) {
                    layer = LayerIngest.ingest(blobs, in);
                }
                if (!layer.diffId().equals(diffIds.get(i))) {
                    throw DockerApiException.badRequest("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i)
                            + "\", got \"" + layer.diffId() + "\"");
                }
                layers.add(dev.berth.image.manifest.Descriptor.of(layer.mediaType(), layer.digest(), layer.size()));
            }
            ImageManifest manifest = ImageManifest.oci(
                    dev.berth.image.manifest.Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layers);
            byte[] manifestBytes = manifest.toJson();
            Digest manifestDigest = blobs.put("load-manifest-" + UUID.randomUUID(), manifestBytes, java.util.Map.of());
            Descriptor target = Descriptor.newBuilder().setMediaType(MediaTypes.OCI_MANIFEST)
                    .setDigest(manifestDigest.toString()).setSize(manifestBytes.length).build();
            List<String> tags = new ArrayList<>();
            entry.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
            record(target, manifestDigest, manifest, config, tags, report);
        }
    }

    private void loadOciLayout(ArchiveSpool spool, Consumer<String> report) throws IOException {
        JsonNode index = MAPPER.readTree(spool.read("index.json"));
        for (JsonNode entry : index.path("manifests")) {
            Digest manifestDigest = Digest.parse(entry.path("digest").asText());
            byte[] manifestBytes = spool.read(blobPath(manifestDigest));
            if (!Digest.of(manifestBytes).equals(manifestDigest)) {
                throw DockerApiException.badRequest("invalid archive: " + blobPath(manifestDigest) + " does not match its digest");
            }
            ImageManifest manifest;
            try {
                manifest = ImageManifest.parse(manifestBytes, manifestDigest);
            } catch (IllegalArgumentException e) {
                throw DockerApiException.badRequest("invalid archive: " + manifestDigest + " is not an image manifest: " + e.getMessage());
            }
            blobs.put("load-manifest-" + UUID.randomUUID(), manifestBytes, java.util.Map.of());
            byte[] configBytes = spool.read(blobPath(manifest.config().digest()));
            ImageConfig config = parseConfig(configBytes);
            if (!Digest.of(configBytes).equals(manifest.config().digest())) {
                throw DockerApiException.badRequest("invalid archive: the config does not match its digest " + manifest.config().digest());
            }
            blobs.put("load-config-" + UUID.randomUUID(), configBytes, java.util.Map.of());
            for (dev.berth.image.manifest.Descriptor layer : manifest.layers()) {
                LayerIngest.Layer stored;
                try (InputStream in = spool.open(blobPath(layer.digest()))) {
                    stored = LayerIngest.ingest(blobs, in);
                }
                if (!stored.digest().equals(layer.digest())) {
                    throw DockerApiException.badRequest("invalid archive: layer " + layer.digest() + " does not match its digest");
                }
            }
            Descriptor target = Descriptor.newBuilder().setMediaType(entry.path("mediaType").asText(MediaTypes.OCI_MANIFEST))
                    .setDigest(manifestDigest.toString()).setSize(manifestBytes.length).build();
            String name = entry.path("annotations").path("io.containerd.image.name").asText("");
            record(target, manifestDigest, manifest, config, name.isEmpty() ? List.of() : List.of(name), report);
        }
    }

    private void record(Descriptor target, Digest manifestDigest, ImageManifest manifest, ImageConfig config,
            List<String> tags, Consumer<String> report) {
        if (tags.isEmpty()) {
            Digest id = images.recordStored(target, null, manifestDigest, manifest, config, null);
            report.accept("Loaded image ID: " + id);
            return;
        }
        for (String tag : tags) {
            ImageReference reference;
            try {
                reference = ImageReference.parse(tag);
            } catch (InvalidReferenceException e) {
                throw DockerApiException.badRequest("invalid tag " + tag + " in the archive: " + e.getMessage());
            }
            images.recordStored(target, null, manifestDigest, manifest, config, reference.name());
            report.accept("Loaded image: " + reference.familiarName());
        }
    }

    private static ImageConfig parseConfig(byte[] bytes) {
        try {
            return ImageConfig.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw DockerApiException.badRequest("invalid archive: the image config is not valid: " + e.getMessage());
        }
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm().prefix() + "/" + digest.hex();
    }
}
