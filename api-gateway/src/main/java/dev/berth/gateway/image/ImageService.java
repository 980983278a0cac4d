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

    // ------------------------------------------------------------------ the builder's (docker build)

    /**
     * docker build's commit of one step: a child image of {@code parentImageId} ("" for scratch) whose
     * new layer is the difference of container {@code containerId}'s snapshot to the parent's top
     * layer, or no layer when {@code containerId} is null (a config-only step). {@code config} gets the
     * parent's config document (null for scratch) and the new layer's diff id (null when the step adds
     * no layer, an unchanged container included) and answers the complete image config document. The
     * image is recorded under {@code recordName}, a {@link #BUILD_CACHE_PREFIX} name that listing,
     * inspecting by name and removing never show. Answers 501 where not supported.
     */
    default Image writeBuildImage(String parentImageId, String containerId, BuildImageConfig config, String recordName)
            throws DockerApiException {
        throw new DockerApiException(501, "building images is not supported by this image service");
    }

    /**
     * The id of the image the record {@code recordName} (a hidden build-cache name included) points
     * at, if any: a layer-cache probe needs no more than that.
     */
    default java.util.Optional<String> findRecordId(String recordName) throws DockerApiException {
        return java.util.Optional.empty();
    }

    /**
     * Gives an image no visible name points at a dangling record ({@code <none>:<none>}), as Docker lists
     * an untagged build result. Does nothing for an image that has a name.
     */
    default void keepDangling(String imageId) throws DockerApiException {
    }

    /** The image's whole config document (history and rootfs included), as stored. */
    default com.fasterxml.jackson.databind.node.ObjectNode configDocument(String reference) throws DockerApiException {
        throw new DockerApiException(501, "image history is not supported by this image service");
    }

    /** The sizes of the image's layers, bottom first (uncompressed where known); empty when unknown. */
    default List<Long> layerSizes(String reference) throws DockerApiException {
        return List.of();
    }

    /**
     * docker builder prune: removes the builder's layer cache, every entry with {@code all}, else the
     * entries no listed image is or builds on; the space is free when it returns. 501 where not supported.
     */
    default BuildCachePrune pruneBuildCache(boolean all) throws DockerApiException {
        throw new DockerApiException(501, "the build cache is not kept by this image service");
    }

    /** What a build-cache prune removed: the cache keys, and the bytes its layers held. */
    record BuildCachePrune(List<String> deleted, long spaceReclaimed) {}

    /** Record names under this prefix are the builder's layer cache, hidden as dangling names are listed apart. */
    String BUILD_CACHE_PREFIX = "berth.build.cache/";

    /** Makes a build step's image config document from its parent's. */
    @FunctionalInterface
    interface BuildImageConfig {
        /**
         * @param parentConfig the parent's config (image-spec's typed document), null for scratch
         * @param diffId the new layer's diff id, null when the step adds no layer
         */
        dev.berth.image.config.ImageConfig build(dev.berth.image.config.ImageConfig parentConfig, dev.berth.image.Digest diffId);
    }
}
