package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.ExecState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** POST /exec/{id}/resize and GET /exec/{id}/json; /exec/{id}/start is answered below Micronaut (hijacked). */
@Controller("/exec")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ExecController {
    private final ContainerService containers;

    public ExecController(ContainerService containers) {
        this.containers = containers;
    }

    @Post("/{id}/resize")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> resize(@PathVariable String id, @Nullable @QueryValue String h, @Nullable @QueryValue String w) {
        containers.execResize(id, DockerParams.integer("h", h == null ? "0" : h), DockerParams.integer("w", w == null ? "0" : w));
        return HttpResponse.ok();
    }

    @Get("/{id}/json")
    public HttpResponse<byte[]> inspect(@PathVariable String id) {
        ExecState exec = containers.execInspect(id);
        ExecConfig config = exec.config();
        ObjectNode body = Json.object();
        body.put("CanRemove", false)
                .put("ContainerID", exec.containerId())
                .put("DetachKeys", config.detachKeys() == null ? "" : config.detachKeys())
                .put("ID", exec.id())
                .put("OpenStderr", config.attachStderr())
                .put("OpenStdin", config.attachStdin())
                .put("OpenStdout", config.attachStdout())
                .put("Running", exec.running())
                .put("Pid", exec.pid());
        if (exec.exitCode() == null) {
            body.putNull("ExitCode");
        } else {
            body.put("ExitCode", exec.exitCode());
        }
        ObjectNode process = body.putObject("ProcessConfig");
        process.put("entrypoint", config.cmd().getFirst());
        ArrayNode arguments = process.putArray("arguments");
        config.cmd().stream().skip(1).forEach(arguments::add);
        process.put("privileged", config.privileged())
                .put("tty", config.tty())
                .put("user", config.user() == null ? "" : config.user());
        return Json.ok(body);
    }
}
