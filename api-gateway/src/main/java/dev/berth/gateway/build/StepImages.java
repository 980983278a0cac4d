package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import java.time.Instant;

/**
 * A step's image: the cache asked first (moby's probeCache, " ---> Using cache"), else the step's
 * commit, recorded under its cache key.
 */
final class StepImages {
    /** The empty image containers of a scratch stage are made from; never a parent in any history. */
    private static final String SCRATCH_RECORD = ImageService.BUILD_CACHE_PREFIX + "scratch";

    private final ImageService images;
    private final StepCache cache;
    private final BuildProgress progress;

    StepImages(ImageService images, StepCache cache, BuildProgress progress) {
        this.images = images;
        this.cache = cache;
        this.progress = progress;
    }

    /** True (and the state moved to the cached image) when an earlier build made this step. */
    boolean probe(BuildState state, ObjectNode containerConfig) {
        var hit = cache.probe(state.imageId, containerConfig);
        if (hit.isEmpty()) {
            return false;
        }
        progress.stream(" ---> Using cache\n");
        state.imageId = hit.get();
        return true;
    }

    /**
     * Commits the step: the changes of {@code diffContainer} (null: none) as a layer on the state's
     * image, the state's run config as the config, {@code containerConfig} as what the step ran;
     * {@code recordedContainer} is the container the image names (none for config steps, COPY, ADD).
     */
    void commit(BuildState state, String diffContainer, String recordedContainer, ObjectNode containerConfig) {
        ObjectNode runConfig = state.runConfig.deepCopy();
        String author = state.maintainer;
        Image image = images.writeBuildImage(state.imageId, diffContainer,
                (parent, diffId) -> ImageConfigs.child(parent, runConfig, containerConfig, recordedContainer, diffId, author,
                        Instant.now()),
                StepCache.recordName(state.imageId, containerConfig));
        state.imageId = image.id();
    }

    /** The image a container of the state is made from: the state's, or for scratch an empty one. */
    String containerImage(BuildState state) {
        if (!state.imageId.isEmpty()) {
            return state.imageId;
        }
        return images.findRecordId(SCRATCH_RECORD).orElseGet(() -> images.writeBuildImage("", null,
                (parent, diffId) -> ImageConfigs.scratch(), SCRATCH_RECORD).id());
    }
}
