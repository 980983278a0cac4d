package dev.berth.registry.manifest;

import dev.berth.image.Digest;
import dev.berth.image.manifest.Descriptor;

/** A manifest or index as the registry served it: its exact bytes, media type, and verified digest. */
public record RegistryManifest(byte[] content, String mediaType, Digest digest) {

    /** The descriptor that points at these bytes (what an image record or an index holds). */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, content.length);
    }
}
