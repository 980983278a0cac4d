package dev.berth.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.http.hijack.StreamFrames;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The container endpoints answered as ordinary requests. Attach and wait are answered below
 * Micronaut, by {@link dev.berth.gateway.http.hijack.StreamingRouteHandler}.
 */
@Controller("/containers")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ContainersController {
    /** Log streams block on the file (and, following, on the container); each gets a virtual thread. */
    private static final Scheduler LOG_READERS = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "logs");

    private final ContainerService containers;

    public ContainersController(ContainerService containers) {
        this.containers = containers;
    }

    @Post("/create")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> create(@Nullable @QueryValue String name, @Nullable @Body String body) {
        CreateContainerRequest request = parseCreate(body);
        if (request.config() != null && request.config().image() != null && !request.config().image().isEmpty()) {
            // moby parses the image reference before it looks: an invalid one is a 400 in Docker's words
            dev.berth.gateway.image.ImageNames.requireLookupReference(request.config().image());
        }
        Container container = containers.create(name == null || name.isEmpty() ? null : name, request);
        ObjectNode response = Json.object().put("Id", container.id());
        ArrayNode warnings = response.putArray("Warnings");
        (container.warnings() == null ? List.<String>of() : container.warnings()).forEach(warnings::add);
        return Json.response(201, response);
    }

    /** Docker's create body: the Config fields at the top level, HostConfig and NetworkingConfig beside them. */
    static CreateContainerRequest parseCreate(String body) {
        if (body == null || body.isBlank()) {
            throw DockerApiException.badRequest("config cannot be empty in order to create a container");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw DockerApiException.badRequest("invalid JSON: the body must be an object");
            }
            ContainerConfig config = Json.MAPPER.treeToValue(tree, ContainerConfig.class);
            JsonNode host = tree.get("HostConfig");
            HostConfig hostConfig = host == null || host.isNull() ? null : Json.MAPPER.treeToValue(host, HostConfig.class);
            JsonNode networking = tree.get("NetworkingConfig");
            return new CreateContainerRequest(config, hostConfig, networking instanceof ObjectNode o ? o : null);
        } catch (JsonProcessingException e) {
            throw DockerApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    @Post("/{id}/start")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> start(@PathVariable String id) {
        containers.start(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/stop")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> stop(@PathVariable String id, @Nullable @QueryValue String t) {
        containers.stop(id, t == null || t.isEmpty() ? null : parseInt("t", t));
        return HttpResponse.noContent();
    }

    @Post("/{id}/kill")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> kill(@PathVariable String id, @Nullable @QueryValue String signal) {
        containers.kill(id, signal == null || signal.isEmpty() ? "SIGKILL" : signal);
        return HttpResponse.noContent();
    }

    @Delete("/{id}")
    public HttpResponse<?> remove(@PathVariable String id, @Nullable @QueryValue String force, @Nullable @QueryValue String v) {
        containers.remove(id, DockerParams.bool(force), DockerParams.bool(v));
        return HttpResponse.noContent();
    }

    @Get("/json")
    public HttpResponse<byte[]> list(@Nullable @QueryValue String all, @Nullable @QueryValue String filters,
            @Nullable @QueryValue String limit) {
        List<Container> list = containers.list(DockerParams.bool(all) || (limit != null && parseInt("limit", limit) > 0),
                DockerParams.filters(filters));
        int max = limit == null || limit.isEmpty() || parseInt("limit", limit) <= 0 ? Integer.MAX_VALUE : parseInt("limit", limit);
        Instant now = Instant.now();
        ArrayNode body = Json.array();
        list.stream()
                .sorted((a, b) -> b.created().compareTo(a.created()))
                .limit(max)
                .forEach(c -> body.add(ContainerJson.summary(c, now).set("Mounts", mounts(c.id()))));
        return Json.ok(body);
    }

    /** The container's Mounts; none for one removed since it was listed. */
    private ArrayNode mounts(String id) {
        try {
            return VolumeJson.mounts(containers.mounts(id));
        } catch (DockerApiException e) {
            return Json.array();
        }
    }

    @Get("/{id}/json")
    public HttpResponse<byte[]> inspect(@PathVariable String id) {
        com.fasterxml.jackson.databind.node.ObjectNode node = ContainerJson.inspect(containers.inspect(id));
        node.set("Mounts", VolumeJson.mounts(containers.mounts(id)));
        return Json.ok(node);
    }

    @Get("/{id}/logs")
    public MutableHttpResponse<Flux<byte[]>> logs(@PathVariable String id,
            @Nullable @QueryValue String stdout, @Nullable @QueryValue String stderr,
            @Nullable @QueryValue String follow, @Nullable @QueryValue String timestamps,
            @Nullable @QueryValue String tail, @Nullable @QueryValue String since, @Nullable @QueryValue String until)
            throws IOException {
        Container container = containers.inspect(id);
        LogStream.Options options = new LogStream.Options(DockerParams.bool(stdout), DockerParams.bool(stderr),
                DockerParams.bool(timestamps), DockerParams.bool(follow), parseTail(tail), parseTime(since), parseTime(until));
        if (!options.stdout() && !options.stderr()) {
            throw DockerApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        Path log = containers.logPath(container.id());
        boolean tty = container.config() != null && container.config().tty();
        Flux<byte[]> chunks = Files.exists(log)
                ? Flux.using(() -> new LogStream(containers, container.id(), log, tty, options),
                        stream -> Flux.<byte[]>generate(sink -> {
                            byte[] chunk = stream.next();
                            if (chunk == null) {
                                sink.complete();
                            } else {
                                sink.next(chunk);
                            }
                        }),
                        LogStream::close).subscribeOn(LOG_READERS)
                : Flux.empty();
        // an empty first chunk puts the head on the wire now, as Docker does, before any line exists
        chunks = Flux.concat(Flux.just(new byte[0]), chunks);
        return HttpResponse.status(HttpStatus.OK)
                .contentType(tty ? StreamFrames.RAW : StreamFrames.MULTIPLEXED)
                .body(chunks);
    }

    private static long parseTail(String tail) {
        if (tail == null || tail.isEmpty() || tail.equals("all")) {
            return -1;
        }
        long n = parseInt("tail", tail);
        return n < 0 ? -1 : n;
    }

    /** Unix seconds with an optional fraction, as docker logs --since sends them; 0 or absent is unbounded. */
    private static Instant parseTime(String value) {
        if (value == null || value.isEmpty() || value.equals("0")) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (NumberFormatException e) {
            throw DockerApiException.badRequest("invalid time value: " + value);
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw DockerApiException.badRequest("invalid value for " + name + ": " + value);
        }
    }
}
