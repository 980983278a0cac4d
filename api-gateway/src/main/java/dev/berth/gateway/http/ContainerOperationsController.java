package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.FileChange;
import dev.berth.gateway.container.ProcessList;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The container endpoints beyond create/start/stop/kill/remove: restart, pause, rename, exec, top, stats, diff, update, prune. */
@Controller("/containers")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ContainerOperationsController {
    private static final Scheduler STATS_READERS = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "stats");
    private static final long STATS_INTERVAL_MILLIS = 1000;

    private final ContainerService containers;

    public ContainerOperationsController(ContainerService containers) {
        this.containers = containers;
    }

    @Post("/{id}/restart")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> restart(@PathVariable String id, @Nullable @QueryValue String t) {
        containers.restart(id, t == null || t.isEmpty() ? null : DockerParams.integer("t", t));
        return HttpResponse.noContent();
    }

    @Post("/{id}/pause")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> pause(@PathVariable String id) {
        containers.pause(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/unpause")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> unpause(@PathVariable String id) {
        containers.unpause(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/rename")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> rename(@PathVariable String id, @Nullable @QueryValue String name) {
        if (name == null || name.isEmpty()) {
            throw DockerApiException.badRequest("Neither old nor new names may be empty");
        }
        containers.rename(id, name);
        return HttpResponse.noContent();
    }

    @Post("/{id}/resize")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> resize(@PathVariable String id, @Nullable @QueryValue String h, @Nullable @QueryValue String w) {
        containers.resize(id, DockerParams.integer("h", h == null ? "0" : h), DockerParams.integer("w", w == null ? "0" : w));
        return HttpResponse.ok();
    }

    @Post("/{id}/update")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> update(@PathVariable String id, @Nullable @Body String body) {
        JsonNode tree = Json.parse(body == null ? "{}" : body);
        List<String> warnings = containers.update(id, tree);
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("Warnings");
        warnings.forEach(list::add);
        return Json.ok(response);
    }

    @Post("/prune")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> prune(@Nullable @QueryValue String filters) {
        List<String> removed = containers.prune(DockerParams.filters(filters));
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("ContainersDeleted");
        removed.forEach(deleted::add);
        response.put("SpaceReclaimed", 0);
        return Json.ok(response);
    }

    @Post("/{id}/exec")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> exec(@PathVariable String id, @Nullable @Body String body) {
        ExecConfig config = Json.read(body == null ? "{}" : body, ExecConfig.class);
        return Json.response(201, Json.object().put("Id", containers.execCreate(id, config)));
    }

    @Get("/{id}/top")
    public HttpResponse<byte[]> top(@PathVariable String id, @Nullable @QueryValue("ps_args") String psArgs) {
        ProcessList list = containers.top(id, psArgs);
        ObjectNode response = Json.object();
        ArrayNode titles = response.putArray("Titles");
        list.titles().forEach(titles::add);
        ArrayNode processes = response.putArray("Processes");
        for (List<String> row : list.processes()) {
            ArrayNode fields = processes.addArray();
            row.forEach(fields::add);
        }
        return Json.ok(response);
    }

    @Get("/{id}/changes")
    public HttpResponse<byte[]> changes(@PathVariable String id) {
        List<FileChange> changes = containers.changes(id);
        ArrayNode response = Json.array();
        for (FileChange change : changes) {
            response.addObject().put("Path", change.path()).put("Kind", change.kind());
        }
        return Json.ok(response);
    }

    @Get("/{id}/stats")
    public MutableHttpResponse<Flux<byte[]>> stats(@PathVariable String id, @Nullable @QueryValue String stream,
            @Nullable @QueryValue("one-shot") String oneShot) {
        Container container = containers.inspect(id);
        boolean streaming = stream == null || stream.isEmpty() || DockerParams.bool(stream);
        boolean single = DockerParams.bool(oneShot);
        if (!container.state().running()) {
            // Docker answers a stopped container with zeroed samples; one is enough for --no-stream
            return HttpResponse.ok(Flux.just(line(StatsJson.of(container, StatsResponse.getDefaultInstance(), null))))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        Flux<byte[]> samples = Flux.<byte[], StatsResponse[]>generate(() -> new StatsResponse[1], (previous, sink) -> {
            try {
                if (previous[0] == null && !streaming && !single) {
                    previous[0] = containers.stats(id); // a first sample, so the one answered has a CPU delta
                    Thread.sleep(STATS_INTERVAL_MILLIS);
                } else if (previous[0] != null) {
                    Thread.sleep(STATS_INTERVAL_MILLIS);
                }
                StatsResponse sample = containers.stats(id);
                sink.next(line(StatsJson.of(container, sample, previous[0])));
                previous[0] = sample;
                if (!streaming) {
                    sink.complete();
                }
            } catch (DockerApiException e) {
                sink.complete(); // the container stopped: the stream ends, as Docker's does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sink.complete();
            }
            return previous;
        }).subscribeOn(STATS_READERS);
        return HttpResponse.ok(samples).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static byte[] line(ObjectNode node) {
        return (new String(Json.bytes(node), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
