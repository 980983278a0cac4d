package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.CommitRequest;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import dev.berth.image.ImageReference;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /commit (docker commit), as moby's postCommit and CreateImageFromContainer: the query is
 * checked first (the repository must be a reference), then the container is found; a running
 * container is paused for the commit unless {@code pause} is false (and one already paused is left
 * as it is); a body with Config fields replaces the container's config, which fills what it leaves
 * empty. Answers 201 {"Id": "sha256:..."} and publishes the container's "commit" event.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class CommitController {
    private static final Logger LOG = LoggerFactory.getLogger(CommitController.class);

    private final ImageService images;
    private final ContainerService containers;
    private final BeanProvider<EventBus> events;

    public CommitController(ImageService images, ContainerService containers, BeanProvider<EventBus> events) {
        this.images = images;
        this.containers = containers;
        this.events = events;
    }

    @Post("/commit")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> commit(@Nullable @QueryValue String container, @Nullable @QueryValue String repo,
            @Nullable @QueryValue String tag, @Nullable @QueryValue String comment, @Nullable @QueryValue String author,
            @Nullable @QueryValue String pause, HttpRequest<?> request,
            @Nullable @Header("Content-Type") String contentType, @Nullable @Body String body) {
        // each changes parameter as sent: a List<String> query value would be split at commas (CMD ["a","b"])
        List<String> changes = request.getParameters().getAll("changes");
        ObjectNode requestedConfig = config(contentType, body);
        ImageReference reference = reference(repo, tag);
        if (container == null || container.isEmpty()) {
            throw DockerApiException.badRequest("invalid name or ID supplied: \"\"");
        }
        Container target = containers.inspect(container);
        refuseDeadOrRemoved(target);
        // moby: pause defaults to true (API >= 1.13) when the parameter is absent or empty
        boolean pauseWanted = pause == null || pause.isEmpty() || DockerParams.bool(pause);
        boolean paused = pauseWanted && pauseIfRunning(target);
        Image image;
        try {
            ObjectNode containerConfig = target.config() == null ? Json.object() : Json.MAPPER.valueToTree(target.config());
            image = images.commit(new CommitRequest(target.imageId(), target.id(), containerConfig,
                    requestedConfig, changes, author, comment, repo, tag));
        } finally {
            if (paused) {
                unpause(target.id());
            }
        }
        publish(target, image, reference, comment);
        return Json.response(201, Json.object().put("Id", image.id()));
    }

    /**
     * The body as a Config, or null when there is none (empty, {@code null}, or no Config field in it).
     * As moby's CheckForJSON: a body must be sent as application/json.
     */
    static ObjectNode config(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        if (!isJson(contentType)) {
            throw DockerApiException.badRequest("unsupported Content-Type header (" + (contentType == null ? "" : contentType)
                    + "): must be 'application/json'");
        }
        JsonNode node = Json.parse(body);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DockerApiException.badRequest("invalid JSON: the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.of(contentType).getName().equalsIgnoreCase(MediaType.APPLICATION_JSON);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** repo (and tag) as a reference to tag the image with; null without repo; 400 "invalid reference format" when not one. */
    static ImageReference reference(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            return null;
        }
        return dev.berth.gateway.image.ImageNames.tagTarget(repo, tag);
    }

    private static void refuseDeadOrRemoved(Container container) {
        ContainerState state = container.state();
        if (state == null) {
            return;
        }
        if (state.dead() || "dead".equals(state.status())) {
            throw DockerApiException.conflict("You cannot commit container " + container.id() + " which is Dead");
        }
        if ("removing".equals(state.status())) {
            throw DockerApiException.conflict("You cannot commit container " + container.id() + " which is being removed");
        }
    }

    /** Pauses a running container that is not paused yet; true when this call paused it. */
    private boolean pauseIfRunning(Container container) {
        ContainerState state = container.state();
        if (state == null || !state.running() || state.paused()) {
            return false;
        }
        try {
            containers.pause(container.id());
            return true;
        } catch (DockerApiException e) {
            // moby ignores a failed pause (the container may have just exited) and commits anyway
            LOG.info("commit of {} goes on without pausing: {}", container.id(), e.getMessage());
            return false;
        }
    }

    private void unpause(String id) {
        try {
            containers.unpause(id);
        } catch (DockerApiException e) {
            LOG.warn("could not unpause {} after its commit: {}", id, e.getMessage());
        }
    }

    /** moby's container "commit" event: the container's labels, image and name, with comment, imageID and imageRef. */
    private void publish(Container container, Image image, ImageReference reference, String comment) {
        events.ifPresent(bus -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (container.config() != null && container.config().labels() != null) {
                container.config().labels().forEach((key, value) -> attributes.put(key, value == null ? "" : value));
            }
            attributes.put("comment", comment == null ? "" : comment);
            attributes.put("imageID", image.id());
            attributes.put("imageRef", reference == null ? "" : reference.familiarName());
            String imageName = container.config() == null ? null : container.config().image();
            attributes.put("image", imageName != null ? imageName : container.imageRef() == null ? "" : container.imageRef());
            attributes.put("name", container.name() == null ? "" : container.name());
            bus.publish("container", "commit", container.id(), attributes);
        });
    }
}
