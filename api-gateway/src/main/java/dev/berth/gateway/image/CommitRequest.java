package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What docker commit turns into an image.
 *
 * @param parentImageId the container's image ("sha256:..."); empty for a container of no image
 * @param containerId the container's id, which is also the key of its snapshot (snapshotter "overlayfs")
 * @param containerConfig the container's Docker Config as JSON (inspect's .Config)
 * @param requestedConfig the request body's Config fields, which replace the container's (moby's
 *     CreateImageFromContainer: the container's config then fills what they leave empty); null when none
 * @param changes Dockerfile instructions applied to the config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
 *     ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)
 * @param author may be empty
 * @param comment the commit message; may be empty
 * @param repository the name to tag, or empty for an untagged (dangling) image
 * @param tag the tag; empty means "latest"
 */
public record CommitRequest(
        String parentImageId,
        String containerId,
        ObjectNode containerConfig,
        ObjectNode requestedConfig,
        List<String> changes,
        String author,
        String comment,
        String repository,
        String tag) {

    public CommitRequest {
        parentImageId = parentImageId == null ? "" : parentImageId;
        if (containerId == null || containerId.isEmpty()) {
            throw new IllegalArgumentException("containerId is required");
        }
        if (containerConfig == null) {
            throw new IllegalArgumentException("containerConfig is required");
        }
        changes = changes == null ? List.of() : changes.stream().filter(java.util.Objects::nonNull).toList();
        author = author == null ? "" : author;
        comment = comment == null ? "" : comment;
        repository = repository == null ? "" : repository;
        tag = tag == null ? "" : tag;
    }
}
