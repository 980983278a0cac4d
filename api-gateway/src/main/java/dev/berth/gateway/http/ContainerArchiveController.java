package dev.berth.gateway.http;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.PathStat;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/** docker cp and docker export: HEAD/GET/PUT /containers/{id}/archive and GET /containers/{id}/export, streamed. */
@Controller("/containers")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ContainerArchiveController {
    static final String PATH_STAT_HEADER = "X-Docker-Container-Path-Stat";

    private final ContainerService containers;

    public ContainerArchiveController(ContainerService containers) {
        this.containers = containers;
    }

    @Head("/{id}/archive")
    public MutableHttpResponse<?> stat(@PathVariable String id, @Nullable @QueryValue String path) {
        String target = requirePath(path);
        PathStat stat = containers.statPath(id, target, containers.copyMounts(id, target));
        return HttpResponse.ok().header(PATH_STAT_HEADER, encode(stat));
    }

    @Get(value = "/{id}/archive", headRoute = false) // the explicit @Head answers HEAD (Micronaut 4 would add a second HEAD route and refuse both)
    public MutableHttpResponse<Flux<byte[]>> archive(@PathVariable String id, @Nullable @QueryValue String path) {
        String target = requirePath(path);
        // a path on or above a volume, bind or tmpfs: read as the running container sees it
        java.util.List<String> throughMounts = containers.copyMounts(id, target);
        PathStat stat = containers.statPath(id, target, throughMounts);
        InputStream tar = containers.archive(id, target, throughMounts);
        return HttpResponse.ok(InputStreamBodies.flux(tar)).contentType("application/x-tar").header(PATH_STAT_HEADER, encode(stat));
    }

    @Put("/{id}/archive")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> extract(@PathVariable String id, @Nullable @QueryValue String path,
            @Nullable @QueryValue String noOverwriteDirNonDir, @Body InputStream body) {
        String target = requirePath(path);
        containers.extract(id, target, body, DockerParams.bool(noOverwriteDirNonDir), containers.copyMounts(id, target));
        return HttpResponse.ok();
    }

    @Get("/{id}/export")
    public MutableHttpResponse<Flux<byte[]>> export(@PathVariable String id) {
        return HttpResponse.ok(InputStreamBodies.flux(containers.export(id))).contentType("application/x-tar");
    }

    private static String requirePath(String path) {
        if (path == null || path.isEmpty()) {
            throw DockerApiException.badRequest("bad parameter: path cannot be empty");
        }
        return path;
    }

    /** Docker's header: base64 of {"name","size","mode","mtime","linkTarget"}. */
    static String encode(PathStat stat) {
        String json = Json.object()
                .put("name", stat.name())
                .put("size", stat.size())
                .put("mode", stat.mode())
                .put("mtime", stat.mtime() == null ? DockerTime.ZERO : DockerTime.rfc3339(stat.mtime()))
                .put("linkTarget", stat.linkTarget() == null ? "" : stat.linkTarget())
                .toString();
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
