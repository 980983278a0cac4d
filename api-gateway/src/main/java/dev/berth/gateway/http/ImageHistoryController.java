package dev.berth.gateway.http;

import dev.berth.gateway.image.ImageService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** GET /images/{name}/history (docker history), the name possibly holding slashes. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ImageHistoryController {
    private final ImageService images;

    public ImageHistoryController(ImageService images) {
        this.images = images;
    }

    @Get("/images/{+name}/history")
    public HttpResponse<byte[]> history(@PathVariable String name) {
        dev.berth.gateway.image.ImageNames.requireLookupReference(name);
        return Json.ok(ImageHistoryJson.of(images, name));
    }
}
