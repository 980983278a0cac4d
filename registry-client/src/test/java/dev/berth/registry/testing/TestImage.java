package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Digest;
import dev.berth.image.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** A small image built in the test: a config, one gzip layer blob, and the manifest that points at both. */
public record TestImage(byte[] config, byte[] layer, byte[] manifest, String manifestMediaType) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static TestImage create(long seed, int layerSize, String manifestMediaType) throws IOException {
        byte[] raw = new byte[layerSize];
        new Random(seed).nextBytes(raw);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        byte[] layer = gz.toByteArray();
        boolean oci = manifestMediaType.equals(MediaTypes.OCI_MANIFEST);

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/true");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(Digest.of(raw).toString());
        config.put("created", "2026-01-01T00:00:00Z").put("berth-seed", seed);
        byte[] configBytes = JSON.writeValueAsBytes(config);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", manifestMediaType);
        manifest.putObject("config")
                .put("mediaType", oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG)
                .put("digest", Digest.of(configBytes).toString())
                .put("size", configBytes.length);
        manifest.putArray("layers").addObject()
                .put("mediaType", oci ? MediaTypes.OCI_LAYER_TAR_GZIP : MediaTypes.DOCKER_LAYER_TAR_GZIP)
                .put("digest", Digest.of(layer).toString())
                .put("size", layer.length);
        return new TestImage(configBytes, layer, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), manifestMediaType);
    }

    public Digest configDigest() {
        return Digest.of(config);
    }

    public Digest layerDigest() {
        return Digest.of(layer);
    }

    public Digest manifestDigest() {
        return Digest.of(manifest);
    }
}
