package dev.berth.gateway.build;

import dev.berth.dockerfile.CopySource;
import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.DockerfileException;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.image.ImageService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** What the steps of one build share: the context, the services, the stream, the stages built so far. */
final class BuildSession {
    private final BuildContext context;
    private final Dockerfile dockerfile;
    private final ImageService imageService;
    private final ContainerService containerService;
    private final StepImages images;
    private final StepContainers containers;
    private final StepFiles files;
    private final BuildProgress progress;
    private final Map<Integer, String> stageImages = new HashMap<>();
    private final BasePuller puller;
    private final boolean pullAlways;
    private int scratchCount;

    BuildSession(BuildContext context, Dockerfile dockerfile, ImageService imageService, ContainerService containerService,
            BuildOptions options, BuildProgress progress, BasePuller puller) throws IOException {
        this.puller = puller;
        this.pullAlways = options.pull();
        this.context = context;
        this.dockerfile = dockerfile;
        this.imageService = imageService;
        this.containerService = containerService;
        this.progress = progress;
        this.images = new StepImages(imageService, new StepCache(imageService, options.noCache()), progress);
        this.containers = new StepContainers(containerService, progress, options.remove(), options.forceRemove());
        this.files = new StepFiles(containerService, context.scratch("tars"));
    }

    BuildContext context() {
        return context;
    }

    StepImages images() {
        return images;
    }

    StepContainers containers() {
        return containers;
    }

    StepFiles files() {
        return files;
    }

    BuildProgress progress() {
        return progress;
    }

    ImageService imageService() {
        return imageService;
    }

    ContainerService containerService() {
        return containerService;
    }

    /** The pull hook, null when Berth cannot pull. */
    BasePuller puller() {
        return puller;
    }

    /** --pull: base images are pulled even when present. */
    boolean pullAlways() {
        return pullAlways;
    }

    int nextScratch() {
        return ++scratchCount;
    }

    void stageBuilt(int index, String imageId) {
        stageImages.put(index, imageId);
    }

    String stageImage(int index) {
        return stageImages.get(index);
    }

    /** COPY --from=value in stage {@code stageIndex}: an earlier stage's image, or an image by name. */
    StageSource stageSource(String value, int stageIndex) {
        String imageId;
        try {
            CopySource source = dockerfile.copySource(value, stageIndex);
            if (source instanceof CopySource.FromStage stage) {
                imageId = stageImages.get(stage.stage().index());
            } else {
                imageId = imageService.inspect(((CopySource.FromImage) source).reference()).id();
            }
        } catch (DockerfileException e) {
            throw new BuildFailure(e.getMessage());
        } catch (DockerApiException e) {
            throw new BuildFailure("invalid from flag value " + value + ": " + e.getMessage());
        }
        BuildState scratchState = new BuildState(null);
        scratchState.imageId = imageId == null ? "" : imageId;
        try {
            return StageSource.open(containers, containerService, images.containerImage(scratchState),
                    context.scratch("from-" + nextScratch()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
