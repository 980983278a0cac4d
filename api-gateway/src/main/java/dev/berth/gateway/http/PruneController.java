package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.image.ImageTags;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prune endpoints docker system prune calls besides /containers/prune, /networks/prune
 * (NetworksController) and /volumes/prune (VolumesController): images (dangling ones, or every
 * unused one with dangling=false), and the builder's layer cache.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class PruneController {
    private final ImageService images;
    private final ImageTags tags;
    private final ContainerService containers;

    public PruneController(ImageService images, ImageTags tags, ContainerService containers) {
        this.images = images;
        this.tags = tags;
        this.containers = containers;
    }

    @Post("/images/prune")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> images(@Nullable @QueryValue String filters) {
        Map<String, List<String>> filter = DockerParams.filters(filters);
        for (String key : filter.keySet()) {
            if (!key.equals("dangling")) {
                throw DockerApiException.badRequest("invalid filter '" + key + "'");
            }
        }
        boolean danglingOnly = !filter.containsKey("dangling") || filter.get("dangling").stream().anyMatch(DockerParams::bool);
        Set<String> inUse = new HashSet<>();
        for (Container container : containers.list(true, Map.of())) {
            inUse.add(container.imageId());
        }
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("ImagesDeleted");
        long reclaimed = 0;
        for (Image image : images.list()) {
            boolean dangling = image.repoTags() == null || image.repoTags().isEmpty();
            if (inUse.contains(image.id()) || (danglingOnly && !dangling)) {
                continue;
            }
            try {
                for (ImageTags.Removal removal : tags.remove(image.id(), true)) {
                    deleted.addObject().put(removal.kind(), removal.value());
                }
                reclaimed += image.size();
            } catch (DockerApiException e) {
                // in use meanwhile, or gone: docker skips it too
            }
        }
        response.put("SpaceReclaimed", reclaimed);
        return Json.ok(response);
    }

    /**
     * docker builder prune (and the last step of docker system prune): the builder's layer cache;
     * {@code all} takes every entry, else those no image still builds on. keep-storage and filters
     * are BuildKit's: refused rather than ignored.
     */
    @Post("/build/prune")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> buildCache(@Nullable @QueryValue String all, @Nullable @QueryValue("keep-storage") String keepStorage,
                                           @Nullable @QueryValue String filters) {
        if (keepStorage != null && !keepStorage.isEmpty() && !keepStorage.equals("0")) {
            throw DockerApiException.badRequest("keep-storage is not supported by this builder's cache");
        }
        Set<String> filterKeys = DockerParams.filters(filters).keySet();
        if (!filterKeys.isEmpty()) {
            throw DockerApiException.badRequest("invalid filter '" + filterKeys.iterator().next() + "'");
        }
        ImageService.BuildCachePrune pruned = images.pruneBuildCache(all != null && DockerParams.bool(all));
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("CachesDeleted");
        pruned.deleted().forEach(deleted::add);
        response.put("SpaceReclaimed", pruned.spaceReclaimed());
        return Json.ok(response);
    }
}
