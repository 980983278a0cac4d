package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.image.ImageService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The classic builder's layer cache: a step hits when an earlier build made an image from the same
 * parent with the same container config (its Cmd says what the step did: the RUN command with the
 * build args used, "#(nop) COPY file:&lt;hash&gt; in /app/", "#(nop)  ENV ..."). Entries are image
 * records named {@code berth.build.cache/<sha256(parent id, config)>} in the content store, so they
 * outlive the gateway and keep their blobs and snapshots from garbage collection.
 */
public final class StepCache {
    private final ImageService images;
    private final boolean disabled;

    public StepCache(ImageService images, boolean disabled) {
        this.images = images;
        this.disabled = disabled;
    }

    /** The key of a step: sha256 of the parent image id and the container config with its keys in order. */
    public static String key(String parentImageId, ObjectNode containerConfig) {
        String text = parentImageId + "\n" + RunConfigs.canonical(RunConfigs.ordered(containerConfig));
        return CopySources.hex(CopySources.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The record name a step's image is kept under. */
    public static String recordName(String parentImageId, ObjectNode containerConfig) {
        return ImageService.BUILD_CACHE_PREFIX + key(parentImageId, containerConfig);
    }

    /** The image an earlier build made for this step; empty with --no-cache. */
    public Optional<String> probe(String parentImageId, ObjectNode containerConfig) {
        if (disabled) {
            return Optional.empty();
        }
        return images.findRecordId(recordName(parentImageId, containerConfig));
    }
}
