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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** docker cp and docker export: HEAD/GET/PUT /containers/{id}/archive and GET /containers/{id}/export, streamed. */
@Controller("/containers")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ContainerArchiveController {
    static final String PATH_STAT_HEADER = "X-Docker-Container-Path-Stat";
    private static final Scheduler READERS = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "archives");
    private static final int CHUNK = 64 * 1024;

    private final ContainerService containers;

    public ContainerArchiveController(ContainerService containers) {
        this.containers = containers;
    }

    @Head("/{id}/archive")
    public MutableHttpResponse<?> stat(@PathVariable String id, @Nullable @QueryValue String path) {
        PathStat stat = containers.statPath(id, requirePath(path));
        return HttpResponse.ok().header(PATH_STAT_HEADER, encode(stat));
    }

    @Get("/{id}/archive")
    public MutableHttpResponse<Flux<byte[]>> archive(@PathVariable String id, @Nullable @QueryValue String path) {
        String target = requirePath(path);
        PathStat stat = containers.statPath(id, target);
        InputStream tar = containers.archive(id, target);
        return HttpResponse.ok(stream(tar)).contentType("application/x-tar").header(PATH_STAT_HEADER, encode(stat));
    }

    @Put("/{id}/archive")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> extract(@PathVariable String id, @Nullable @QueryValue String path,
            @Nullable @QueryValue String noOverwriteDirNonDir, @Body InputStream body) {
        containers.extract(id, requirePath(path), body, DockerParams.bool(noOverwriteDirNonDir));
        return HttpResponse.ok();
    }

    @Get("/{id}/export")
    public MutableHttpResponse<Flux<byte[]>> export(@PathVariable String id) {
        return HttpResponse.ok(stream(containers.export(id))).contentType("application/x-tar");
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

    private static Flux<byte[]> stream(InputStream in) {
        return Flux.using(() -> in, input -> Flux.<byte[]>generate(sink -> {
            try {
                byte[] buffer = new byte[CHUNK];
                int n = input.read(buffer);
                if (n < 0) {
                    sink.complete();
                } else {
                    sink.next(n == CHUNK ? buffer : Arrays.copyOf(buffer, n));
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
            }
        }), input -> {
            try {
                input.close();
            } catch (IOException ignored) {
                // the stream's end is what matters
            }
        }).subscribeOn(READERS);
    }
}
