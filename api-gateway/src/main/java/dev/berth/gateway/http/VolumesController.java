package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.volume.VolumeFilters;
import dev.berth.gateway.volume.VolumeRecord;
import dev.berth.gateway.volume.Volumes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's /volumes API (v1.41) over the gateway's {@link Volumes}. */
@Controller("/volumes")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class VolumesController {
    private final Volumes volumes;

    public VolumesController(Volumes volumes) {
        this.volumes = volumes;
    }

    @Post("/create")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> create(@Nullable @Body byte[] body) {
        JsonNode request = body == null || body.length == 0 ? Json.object()
                : Json.parse(new String(body, StandardCharsets.UTF_8));
        if (!request.isObject()) {
            throw DockerApiException.badRequest("invalid JSON: the body must be an object");
        }
        VolumeRecord record = volumes.create(text(request, "Name"), text(request, "Driver"),
                strings(request.get("DriverOpts")), strings(request.get("Labels")));
        return Json.response(201, VolumeJson.volume(record, volumes));
    }

    @Get
    public HttpResponse<byte[]> list(@Nullable @QueryValue String filters) {
        VolumeFilters filter = VolumeFilters.forList(DockerParams.filters(filters), volumes);
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("Volumes");
        for (VolumeRecord record : volumes.list()) {
            if (filter.test(record)) {
                list.add(VolumeJson.volume(record, volumes));
            }
        }
        response.putNull("Warnings");
        return Json.ok(response);
    }

    @Get("/{name}")
    public HttpResponse<byte[]> inspect(@PathVariable String name) {
        return Json.ok(VolumeJson.volume(volumes.get(name), volumes));
    }

    @Delete("/{name}")
    public HttpResponse<?> remove(@PathVariable String name, @Nullable @QueryValue String force) {
        volumes.remove(name, DockerParams.bool(force));
        return HttpResponse.noContent();
    }

    @Post("/prune")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> prune(@Nullable @QueryValue String filters) {
        Volumes.Pruned pruned = volumes.prune(VolumeFilters.forPrune(DockerParams.filters(filters)));
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("VolumesDeleted");
        pruned.deleted().forEach(deleted::add);
        response.put("SpaceReclaimed", pruned.spaceReclaimed());
        return Json.ok(response);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return map;
    }
}
