package dev.berth.gateway.image;

import dev.berth.api.containerd.types.Descriptor;
import dev.berth.image.Digest;

/**
 * Descriptors at the gRPC edge: containerd's {@code types.Descriptor} (digests as strings, as the
 * wire has them) and image-spec's typed {@link dev.berth.image.manifest.Descriptor}.
 */
public final class Descriptors {
    private Descriptors() {}

    /** The typed descriptor of a gRPC one; its digest is validated (an invalid one is a 400 through the error mapping). */
    public static dev.berth.image.manifest.Descriptor typed(Descriptor grpc) {
        return dev.berth.image.manifest.Descriptor.of(grpc.getMediaType(), Digest.parse(grpc.getDigest()), grpc.getSize());
    }

    /** The gRPC descriptor of a typed one (media type, digest, size). */
    public static Descriptor grpc(dev.berth.image.manifest.Descriptor typed) {
        return grpc(typed.mediaType(), typed.digest(), typed.size());
    }

    public static Descriptor grpc(String mediaType, Digest digest, long size) {
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest.toString()).setSize(size).build();
    }
}
