package dev.berth.gateway.system;

import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.image.ImageService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;

/** GET/HEAD /_ping, GET /version, GET /info and GET /system/df. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SystemController {
    private final GatewaySettings settings;
    private final ImageService images;
    private final ContainerService containers;
    private final io.micronaut.context.BeanProvider<ServiceClients> clients;
    private final io.micronaut.context.BeanProvider<dev.berth.gateway.volume.Volumes> volumes;

    public SystemController(GatewaySettings settings, ImageService images, ContainerService containers,
            io.micronaut.context.BeanProvider<ServiceClients> clients,
            io.micronaut.context.BeanProvider<dev.berth.gateway.volume.Volumes> volumes) {
        this.volumes = volumes;
        this.settings = settings;
        this.images = images;
        this.containers = containers;
        this.clients = clients;
    }

    /**
     * Micronaut answers HEAD /_ping through this route too, without the body. Builder-Version: 1
     * (added to every response by DockerHeadersFilter) tells the docker CLI that POST /build is the
     * classic builder's.
     */
    @Get("/_ping")
    public MutableHttpResponse<String> ping() {
        return HttpResponse.ok("OK")
                .contentType(MediaType.TEXT_PLAIN_TYPE.toString() + "; charset=utf-8")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache");
    }

    @Get("/version")
    public HttpResponse<byte[]> version() {
        return Json.ok(EngineVersion.body(settings.runcBinary()));
    }

    @Get("/info")
    public HttpResponse<byte[]> info() {
        return Json.ok(SystemInfo.body(settings, containers.list(true, Map.of()), images.list().size()));
    }

    @Get("/system/df")
    public HttpResponse<byte[]> diskUsage() {
        if (!clients.isPresent()) {
            throw new dev.berth.gateway.api.DockerApiException(501, "disk usage needs the snapshotter");
        }
        var body = new DiskUsage(clients.get()).body(images.list(), containers.list(true, Map.of()));
        if (volumes.isPresent()) {
            body.set("Volumes", dev.berth.gateway.http.VolumeJson.diskUsage(volumes.get()));
        }
        return Json.ok(body);
    }
}
