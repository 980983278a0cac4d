package dev.berth.gateway.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.http.ContainerJson;
import dev.berth.gateway.http.ImageJson;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.image.Image;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /system/df (docker system df): what images, containers and their layers hold on disk, each
 * figure asked of the snapshotter (Usage of the layers' snapshots and the containers' own ones),
 * so a removed image's freed space shows at once.
 */
final class DiskUsage {
    private final ServiceClients clients;

    DiskUsage(ServiceClients clients) {
        this.clients = clients;
    }

    ObjectNode body(List<Image> images, List<Container> containers) {
        Map<String, Long> layerSizes = new HashMap<>();
        Map<String, Integer> layerUsers = new HashMap<>();
        for (Image image : images) {
            for (String chainId : chainIds(image)) {
                layerSizes.computeIfAbsent(chainId, this::usage);
                layerUsers.merge(chainId, 1, Integer::sum);
            }
        }
        Map<String, Integer> containersByImage = new HashMap<>();
        containers.forEach(c -> containersByImage.merge(c.imageId(), 1, Integer::sum));

        ObjectNode body = Json.object();
        body.put("LayersSize", layerSizes.values().stream().mapToLong(Long::longValue).sum());
        ArrayNode imageList = body.putArray("Images");
        for (Image image : images) {
            long shared = chainIds(image).stream().filter(id -> layerUsers.get(id) > 1).mapToLong(layerSizes::get).sum();
            imageList.add(ImageJson.summary(image)
                    .put("SharedSize", shared)
                    .put("Containers", containersByImage.getOrDefault(image.id(), 0)));
        }
        ArrayNode containerList = body.putArray("Containers");
        Instant now = Instant.now();
        for (Container container : containers) {
            long rootfs = images.stream().filter(i -> i.id().equals(container.imageId())).mapToLong(Image::size).findFirst().orElse(0);
            long rw = usage(container.id());
            containerList.add(ContainerJson.summary(container, now).put("SizeRw", rw).put("SizeRootFs", rw + rootfs));
        }
        body.putArray("Volumes");
        body.putArray("BuildCache");
        return body;
    }

    private static Set<String> chainIds(Image image) {
        Set<String> chain = new LinkedHashSet<>();
        ChainId.chain(image.diffIds().stream().map(Digest::parse).toList()).forEach(id -> chain.add(id.toString()));
        return chain;
    }

    /** Bytes a snapshot holds of its own; one that is gone (removed meanwhile) holds none. */
    private long usage(String key) {
        try {
            return clients.snapshots().usage(UsageRequest.newBuilder().setSnapshotter(clients.snapshotterName()).setKey(key).build()).getSize();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }
}
