package dev.berth.gateway.system;

import dev.berth.gateway.config.GatewaySettings;
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

/** GET/HEAD /_ping, GET /version and GET /info. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SystemController {
    private final GatewaySettings settings;
    private final ImageService images;
    private final ContainerService containers;

    public SystemController(GatewaySettings settings, ImageService images, ContainerService containers) {
        this.settings = settings;
        this.images = images;
        this.containers = containers;
    }

    /**
     * Micronaut answers HEAD /_ping through this route too, without the body. No Builder-Version
     * header: it tells the docker CLI which builder POST /build offers, and there is none yet.
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
}
