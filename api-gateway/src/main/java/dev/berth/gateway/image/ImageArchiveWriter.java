package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.MediaTypes;
import dev.berth.image.manifest.ImageIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * docker save: writes images as the archive Docker 25 writes, which both {@code docker load}
 * (through {@code manifest.json}) and OCI tools such as {@code ctr import} (through
 * {@code index.json} and {@code oci-layout}) read. Every blob is written once, under
 * {@code blobs/sha256/<hex>}, byte for byte as stored (layers keep their compression), so the
 * image id and manifest digest survive a save and load.
 */
final class ImageArchiveWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One image to write, with the names to give it in the archive (familiar, e.g. busybox:latest). */
    record Entry(ContentImageService.ArchivedImage image, List<String> tags) {}

    private final ContentBlobs blobs;

    ImageArchiveWriter(ContentBlobs blobs) {
        this.blobs = blobs;
    }

    void write(List<Entry> entries, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Set<String> written = new HashSet<>();
            ArrayNode dockerManifest = MAPPER.createArrayNode();
            ImageIndex.Builder index = ImageIndex.builder().mediaType(MediaTypes.OCI_INDEX);
            ObjectNode repositories = MAPPER.createObjectNode();

            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            for (Entry entry : entries) {
                ContentImageService.ArchivedImage image = entry.image();
                blob(tar, written, image.manifest().getDigest(), image.manifest().getSize());
                blob(tar, written, image.configDigest().toString(), -1);
                for (Descriptor layer : image.layers()) {
                    blob(tar, written, layer.getDigest(), layer.getSize());
                }

                ObjectNode saved = dockerManifest.addObject();
                saved.put("Config", path(image.configDigest().toString()));
                ArrayNode repoTags = saved.putArray("RepoTags");
                entry.tags().forEach(repoTags::add);
                ArrayNode layers = saved.putArray("Layers");
                image.layers().forEach(layer -> layers.add(path(layer.getDigest())));

                if (entry.tags().isEmpty()) {
                    index.addManifest(Descriptors.typed(image.manifest()));
                }
                for (String tag : entry.tags()) {
                    ImageReference reference = ImageReference.parse(tag);
                    Map<String, String> annotations = new LinkedHashMap<>();
                    annotations.put("io.containerd.image.name", reference.name());
                    annotations.put("org.opencontainers.image.ref.name", reference.tag() == null ? "latest" : reference.tag());
                    index.addManifest(Descriptors.typed(image.manifest()).withAnnotations(annotations));
                    if (!image.layers().isEmpty()) {
                        ObjectNode repository = repositories.has(reference.familiarRepository())
                                ? (ObjectNode) repositories.get(reference.familiarRepository())
                                : repositories.putObject(reference.familiarRepository());
                        repository.put(reference.tag() == null ? "latest" : reference.tag(),
                                Digest.parse(image.layers().getLast().getDigest()).hex());
                    }
                }
            }
            file(tar, "index.json", index.build().toJson());
            file(tar, "manifest.json", MAPPER.writeValueAsBytes(dockerManifest));
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            if (!repositories.isEmpty()) {
                file(tar, "repositories", MAPPER.writeValueAsBytes(repositories));
            }
            tar.finish();
        }
    }

    private static String path(String digest) {
        return "blobs/sha256/" + Digest.parse(digest).hex();
    }

    /** A blob once, its size asked of the content store when the caller does not know it. */
    private void blob(TarArchiveOutputStream tar, Set<String> written, String digest, long size) throws IOException {
        if (!written.add(digest)) {
            return;
        }
        long length = size >= 0 ? size : blobs.size(digest);
        TarArchiveEntry entry = new TarArchiveEntry(path(digest));
        entry.setSize(length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        blobs.copyTo(digest, length, tar);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
