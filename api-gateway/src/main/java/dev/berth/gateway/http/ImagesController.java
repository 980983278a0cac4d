package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.distribution.ImagePuller;
import dev.berth.gateway.distribution.ImagePusher;
import dev.berth.gateway.distribution.ProgressStream;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageNames;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.image.ImageTags;
import dev.berth.image.ImageReference;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/** The image endpoints: import, pull, push, list, inspect, tag, remove. */
@Controller("/images")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ImagesController {
    private final ImageService images;
    private final BeanProvider<ImageTags> tags;
    private final ContainerService containers;
    private final dev.berth.gateway.events.EventBus events;
    private final ImageArchiveController archive;
    private final BeanProvider<ImagePuller> puller;
    private final BeanProvider<ImagePusher> pusher;

    public ImagesController(ImageService images, BeanProvider<ImageTags> tags, ContainerService containers,
            dev.berth.gateway.events.EventBus events, ImageArchiveController archive, BeanProvider<ImagePuller> puller,
            BeanProvider<ImagePusher> pusher) {
        this.puller = puller;
        this.pusher = pusher;
        this.events = events;
        this.archive = archive;
        this.images = images;
        this.tags = tags;
        this.containers = containers;
    }

    /** docker import (fromSrc=-: the body is the root filesystem tar) and docker pull (fromImage). */
    @Post("/create")
    @Consumes(MediaType.ALL)
    public HttpResponse<Flux<byte[]>> create(@Nullable @QueryValue String fromSrc, @Nullable @QueryValue String fromImage,
            @Nullable @QueryValue String repo, @Nullable @QueryValue String tag,
            @Nullable @QueryValue String message, @Nullable @QueryValue String platform,
            @Nullable @Header("X-Registry-Auth") String registryAuth, io.micronaut.http.HttpRequest<?> request,
            @Nullable @Body InputStream body) throws IOException {
        // each changes parameter as sent: a List<String> query value would be split at commas (CMD ["a","b"])
        List<String> changes = request.getParameters().getAll("changes");
        if (fromSrc != null && !fromSrc.isEmpty()) {
            if (!fromSrc.equals("-")) {
                throw DockerApiException.badRequest("importing from a URL is not supported: " + fromSrc);
            }
            if (repo != null && !repo.isEmpty()) {
                ImageReference.of(repo, tag); // moby's import parses the name first: Docker's 400s, "cannot import digest reference"
            }
            if (body == null) {
                throw DockerApiException.badRequest("the image to import is missing from the request body");
            }
            Image image = images.importImage(body, repo, tag, changes == null ? List.of() : changes, message);
            imageEvent("import", image, repo == null || repo.isEmpty() ? null
                    : ImageReference.of(repo, tag).familiarName());
            return jsonStream(Json.object().put("status", image.id()));
        }
        if (fromImage != null && !fromImage.isEmpty()) {
            if (!puller.isPresent()) {
                ImageReference reference = ImagePuller.reference(fromImage, tag);
                throw DockerApiException.notFound("pull access denied for " + reference.familiarRepository()
                        + ", repository does not exist or may require 'docker login'");
            }
            // resolved before the head goes out: a missing image or a refusal is an HTTP error, as with moby
            ImagePuller.Prepared pull = puller.get().prepare(fromImage, tag, platform, registryAuth);
            return streamed(ProgressStream.of("pull " + pull.reference().familiarName(), pull::run));
        }
        throw DockerApiException.badRequest("fromImage or fromSrc is required");
    }

    /** Declared as a stream of byte chunks: Micronaut would render a Flux of unknown elements as a JSON array. */
    private static HttpResponse<Flux<byte[]>> jsonStream(com.fasterxml.jackson.databind.JsonNode... messages) {
        StringBuilder out = new StringBuilder();
        for (var message : messages) {
            out.append(new String(Json.bytes(message), java.nio.charset.StandardCharsets.UTF_8)).append("\r\n");
        }
        return streamed(Flux.just(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Get("/json")
    public HttpResponse<byte[]> list(@Nullable @QueryValue String all, @Nullable @QueryValue String filters) {
        Map<String, List<String>> filter = DockerParams.filters(filters);
        // before and since name an image (looked up as inspect does: 400 when invalid, 404 when missing)
        List<java.time.Instant> before = createdOf(filter.getOrDefault("before", List.of()));
        List<java.time.Instant> since = createdOf(filter.getOrDefault("since", List.of()));
        ArrayNode body = Json.array();
        for (Image image : images.list()) {
            if (matches(image, filter)
                    && before.stream().allMatch(image.created()::isBefore)
                    && since.stream().allMatch(image.created()::isAfter)) {
                body.add(ImageJson.summary(image));
            }
        }
        return Json.ok(body);
    }

    private List<java.time.Instant> createdOf(List<String> references) {
        return references.stream().map(reference -> {
            ImageNames.requireLookupReference(reference);
            return images.inspect(reference).created();
        }).toList();
    }

    /**
     * dangling, reference (a glob on repository[:tag]) and label, as docker images -f takes them;
     * before and since are {@link #list}'s.
     */
    private static boolean matches(Image image, Map<String, List<String>> filters) {
        for (var entry : filters.entrySet()) {
            for (String value : entry.getValue()) {
                boolean ok = switch (entry.getKey()) {
                    case "before", "since" -> true;
                    case "dangling" -> DockerParams.bool(value) == image.repoTags().isEmpty();
                    case "reference" -> image.repoTags().stream().anyMatch(t -> glob(value, t)
                            || glob(value, t.substring(0, t.lastIndexOf(':'))));
                    case "label" -> hasLabel(image, value);
                    default -> throw DockerApiException.badRequest("invalid filter '" + entry.getKey() + "'");
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String value) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(java.nio.file.Path.of(value));
    }

    private static boolean hasLabel(Image image, String filter) {
        var labels = image.config().path("Labels");
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.has(filter) : labels.path(filter.substring(0, eq)).asText("\0").equals(filter.substring(eq + 1));
    }

    /** /images/{name}/json and /images/{name}/get (docker save), where the name may hold slashes (acc/bb:1.0). */
    @Get("/{+path}")
    public HttpResponse<?> inspect(@PathVariable String path) throws IOException {
        if (path.endsWith("/get")) {
            return archive.save(List.of(path.substring(0, path.length() - "/get".length())));
        }
        if (!path.endsWith("/json")) {
            throw DockerApiException.notFound("page not found");
        }
        String name = path.substring(0, path.length() - "/json".length());
        ImageNames.requireLookupReference(name);
        return Json.ok(ImageJson.inspect(images.inspect(name)));
    }

    private static HttpResponse<Flux<byte[]>> streamed(Flux<byte[]> messages) {
        return HttpResponse.ok(messages).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** /images/{name}/tag?repo=&tag=, and /images/{name}/push?tag= (docker push). */
    @Post("/{+path}")
    @Consumes(MediaType.ALL)
    public HttpResponse<Flux<byte[]>> tag(@PathVariable String path, @Nullable @QueryValue String repo, @Nullable @QueryValue String tag,
            @Nullable @Header("X-Registry-Auth") String registryAuth) {
        if (path.endsWith("/push") && pusher.isPresent()) {
            ImagePusher.Target target = ImagePusher.target(path.substring(0, path.length() - "/push".length()), tag);
            return streamed(ProgressStream.of("push " + target.repository().familiarRepository(),
                    out -> pusher.get().push(target, registryAuth, out)));
        }
        if (!path.endsWith("/tag")) {
            throw DockerApiException.notFound("page not found");
        }
        String source = path.substring(0, path.length() - "/tag".length());
        ImageNames.requireLookupReference(source);
        Image image = images.inspect(source); // as moby's TagImage: the source is looked up first, then the new name parsed
        ImageReference target = ImageNames.tagTarget(repo, tag);
        tags.get().tag(source, repo, tag);
        imageEvent("tag", image, target.familiarName());
        return HttpResponse.<Flux<byte[]>>status(io.micronaut.http.HttpStatus.CREATED);
    }

    /** docker rmi: untag, and delete with the last tag; refused while a container uses the image. */
    @Delete("/{+name}")
    public HttpResponse<byte[]> remove(@PathVariable String name, @Nullable @QueryValue String force,
            @Nullable @QueryValue String noprune) {
        ImageNames.requireLookupReference(name);
        Image image = images.inspect(name);
        boolean forced = DockerParams.bool(force);
        boolean byId = !image.repoTags().contains(familiarOrNull(name));
        if (byId || image.repoTags().size() <= 1) {
            for (Container container : containers.list(true, Map.of())) {
                if (!image.id().equals(container.imageId())) {
                    continue;
                }
                String shortImage = image.id().substring("sha256:".length(), "sha256:".length() + 12);
                String shortContainer = container.id().substring(0, Math.min(12, container.id().length()));
                if (container.state().running()) {
                    throw DockerApiException.conflict("conflict: unable to delete " + shortImage
                            + " (cannot be forced) - image is being used by running container " + shortContainer);
                }
                if (!forced) {
                    throw DockerApiException.conflict(byId
                            ? "conflict: unable to delete " + shortImage + " (must be forced) - image is being used by stopped container " + shortContainer
                            : "conflict: unable to remove repository reference \"" + name + "\" (must force) - container "
                                    + shortContainer + " is using its referenced image " + shortImage);
                }
            }
        }
        ArrayNode body = Json.array();
        for (ImageTags.Removal removal : tags.get().remove(name, forced)) {
            body.addObject().put(removal.kind(), removal.value());
            // Docker's image events: untag per name dropped, delete when the image goes
            events.publish("image", removal.kind().equals("Untagged") ? "untag" : "delete", image.id(),
                    Map.of("name", removal.kind().equals("Untagged") ? removal.value() : image.id()));
        }
        return Json.ok(body);
    }

    private void imageEvent(String action, Image image, String name) {
        events.publish("image", action, image.id(), Map.of("name", name == null ? image.id() : name));
    }

    private static String familiarOrNull(String name) {
        try {
            return ImageReference.parse(name).familiarName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
