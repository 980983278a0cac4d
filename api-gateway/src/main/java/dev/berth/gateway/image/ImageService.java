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
}
