package dev.berth.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer OCI image archive (image-layout: {@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}) as {@code ctr image import} reads it: the layer, an image config
 * whose diff_ids name it, a manifest, and an index naming the image
 * ({@code io.containerd.image.name}, {@code org.opencontainers.image.ref.name}).
 */
record OciArchive(Path file, String imageName, String layerDigest, String configDigest, String manifestDigest) {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";

    /** All three blob digests: what the content store must hold after an import. */
    List<String> blobDigests() {
        return List.of(layerDigest, configDigest, manifestDigest);
    }

    /** The chain id of the one layer, which names its committed snapshot: its diff id (the layer is uncompressed). */
    String chainId() {
        return layerDigest;
    }

    static OciArchive write(Path file, String imageName, byte[] layer) throws IOException {
        String layerDigest = Digests.sha256(layer);
        byte[] config = """
                {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"],"WorkingDir":"/"},\
                "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(layerDigest).getBytes(StandardCharsets.UTF_8);
        String configDigest = Digests.sha256(config);
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
                .formatted(MANIFEST_TYPE, CONFIG_TYPE, configDigest, config.length, LAYER_TYPE, layerDigest, layer.length)
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = Digests.sha256(manifest);
        String tag = imageName.substring(imageName.lastIndexOf(':') + 1);
        byte[] index = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"%s",\
                "digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"},\
                "annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}"""
                .formatted(MANIFEST_TYPE, manifestDigest, manifest.length, imageName, tag).getBytes(StandardCharsets.UTF_8);

        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        entries.add(Map.entry("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
        entries.add(Map.entry("index.json", index));
        entries.add(Map.entry("blobs/sha256/" + Digests.hex(layerDigest), layer));
        entries.add(Map.entry("blobs/sha256/" + Digests.hex(configDigest), config));
        entries.add(Map.entry("blobs/sha256/" + Digests.hex(manifestDigest), manifest));
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String dir : List.of("blobs/", "blobs/sha256/")) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(0755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> e : entries) {
                byte[] data = e.getValue();
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setMode(0644);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return new OciArchive(file, imageName, layerDigest, configDigest, manifestDigest);
    }
}
