package dev.berth.gateway.build;

import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.DockerfileException;
import dev.berth.dockerfile.Stage;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.image.ImageTags;
import dev.berth.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker build with Docker 20.10's classic builder: {@link #prepare} unpacks the context under
 * {@code <root>/build/<id>} and parses the Dockerfile (its errors are the request's, before any
 * output, as Docker answers them); {@link #run} builds into the progress stream, tags the result
 * ("Successfully built", "Successfully tagged") and removes the context whatever happens.
 */
public final class ImageBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);

    private final ImageService images;
    private final java.util.function.Supplier<ImageTags> tags;
    private final ContainerService containers;
    private final Path buildRoot;

    public ImageBuilder(ImageService images, java.util.function.Supplier<ImageTags> tags, ContainerService containers, Path buildRoot) {
        this.images = images;
        this.tags = tags;
        this.containers = containers;
        this.buildRoot = buildRoot;
    }

    /** A build ready to run: its context on disk and the stages to build. */
    public record Prepared(BuildContext context, Dockerfile dockerfile, List<Stage> stages, BuildOptions options) {}

    /** Unpacks and parses; a 400 in Docker's words (the context is removed again) when the build cannot start. */
    public Prepared prepare(InputStream body, BuildOptions options) {
        for (String tag : options.tags()) {
            if (ImageReference.parse(tag).digest() != null) {
                throw DockerApiException.badRequest("build tag cannot contain a digest");
            }
        }
        String id = HexFormat.of().formatHex(randomBytes());
        BuildContext context;
        try {
            context = BuildContext.unpack(body, buildRoot.resolve(id));
        } catch (ContextArchive.UnsafeEntryException e) {
            throw DockerApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw DockerApiException.badRequest("Error processing tar file: " + e.getMessage());
        }
        try {
            String text = context.readDockerfileAndFilter(options.dockerfile());
            Dockerfile dockerfile = Dockerfile.parse(text, options.dockerfile());
            List<Stage> stages = dockerfile.stagesToBuild(options.target());
            return new Prepared(context, dockerfile, stages, options);
        } catch (DockerfileException e) {
            context.close();
            throw DockerApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            context.close();
            throw DockerApiException.serverError("reading the build context: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Builds; every outcome, an error included, goes to {@code progress}. Returns the image id, or null on failure.
     *
     * @param puller fetches base images that are not here (and all of them with --pull); null when Berth cannot pull
     */
    public String run(Prepared prepared, BuildProgress progress, BasePuller puller) {
        BuildOptions options = prepared.options();
        try (BuildContext context = prepared.context()) {
            BuildSession session = new BuildSession(context, prepared.dockerfile(), images, containers, options, progress, puller);
            String imageId = new StepDispatcher(session, prepared.dockerfile())
                    .build(prepared.stages(), new BuildArgs(options.buildArgs()), options.labels());
            for (String warning : prepared.dockerfile().warnings()) {
                progress.stderr(warning.endsWith("\n") ? warning : warning + "\n");
            }
            progress.stream("Successfully built " + StepDispatcher.shortId(imageId) + "\n");
            if (options.tags().isEmpty()) {
                images.keepDangling(imageId);
            }
            for (String tag : options.tags()) {
                ImageReference reference = ImageReference.parse(tag);
                tags.get().tag(imageId, reference.fullRepository(), reference.tag());
                progress.stream("Successfully tagged " + reference.familiarName() + "\n");
            }
            if (options.quiet()) {
                progress.quietResult(imageId);
            }
            return imageId;
        } catch (BuildFailure e) {
            progress.error(e.getMessage(), e.code());
        } catch (DockerApiException e) {
            progress.error(e.getMessage(), 0);
        } catch (UncheckedIOException e) {
            LOG.warn("build failed", e);
            progress.error(e.getCause().getMessage(), 0);
        } catch (IOException | RuntimeException e) {
            LOG.warn("build failed", e);
            progress.error(e.getMessage() == null ? e.toString() : e.getMessage(), 0);
        }
        return null;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
