package dev.berth.gateway.image;

import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Images as the gateway sees them: records in the content store (name -> manifest), their
 * configs, and their layers unpacked as committed snapshots named by chain id.
 */
public interface ImageService {
    /**
     * Imports a root filesystem tar as a one-layer image (docker import), applying Dockerfile
     * {@code changes} such as {@code CMD ["/bin/sh"]} or {@code ENV PATH=/bin}; tags it when
     * {@code repository} is given. The layer is unpacked into the snapshotter before this returns.
     */
    Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message)
            throws IOException;

    /** By name (busybox, busybox:latest, docker.io/library/busybox:latest), full id or unique id prefix. */
    Image inspect(String reference) throws DockerApiException;

    List<Image> list();

    /**
     * docker commit: the container's changes as a new layer on top of its image, with the container's
     * config (the request's, Dockerfile changes applied) as the image's; tagged when a repository is
     * given, else dangling. The new layer is unpacked into the snapshotter before this returns.
     * Implementations that cannot commit answer 501, which is also what this default does, so fakes
     * and other implementations of the seam need not change.
     */
    default Image commit(CommitRequest request) throws DockerApiException {
        throw new DockerApiException(501, "committing containers is not supported by this image service");
    }
}
