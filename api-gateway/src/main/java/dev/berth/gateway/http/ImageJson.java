package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.image.Image;
import java.util.List;

/** Images as Docker's /images/json and /images/{name}/json render them. */
public final class ImageJson {
    private ImageJson() {}

    public static ObjectNode summary(Image image) {
        ObjectNode node = Json.object();
        node.put("Id", image.id()).put("ParentId", "");
        strings(node.putArray("RepoTags"), image.repoTags());
        strings(node.putArray("RepoDigests"), image.repoDigests());
        node.put("Created", image.created().getEpochSecond())
                .put("Size", image.size())
                .put("SharedSize", -1)
                .put("VirtualSize", image.size());
        JsonNode labels = image.config().get("Labels");
        node.set("Labels", labels == null || labels.isNull() ? Json.object() : labels);
        node.put("Containers", -1);
        return node;
    }

    public static ObjectNode inspect(Image image) {
        ObjectNode node = Json.object();
        node.put("Id", image.id());
        strings(node.putArray("RepoTags"), image.repoTags());
        strings(node.putArray("RepoDigests"), image.repoDigests());
        node.put("Parent", "")
                .put("Comment", image.comment())
                .put("Created", DockerTime.rfc3339(image.created()))
                .put("Container", "");
        node.set("ContainerConfig", config(Json.object()));
        node.put("DockerVersion", "").put("Author", image.author());
        node.set("Config", config(image.config()));
        node.put("Architecture", image.architecture())
                .put("Os", image.os())
                .put("Size", image.size())
                .put("VirtualSize", image.size());
        ObjectNode graph = node.putObject("GraphDriver");
        graph.putObject("Data");
        graph.put("Name", "overlayfs");
        ObjectNode rootfs = node.putObject("RootFS");
        rootfs.put("Type", "layers");
        strings(rootfs.putArray("Layers"), image.diffIds());
        node.putObject("Metadata").put("LastTagTime", DockerTime.ZERO);
        return node;
    }

    /** The image's run config with every field Docker's Config has, in Docker's order. */
    static ObjectNode config(ObjectNode source) {
        ObjectNode config = Json.object();
        config.put("Hostname", "").put("Domainname", "").put("User", source.path("User").asText(""))
                .put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false);
        copy(source, config, "ExposedPorts");
        config.put("Tty", false).put("OpenStdin", false).put("StdinOnce", false);
        copy(source, config, "Env");
        copy(source, config, "Cmd");
        config.put("Image", "");
        copy(source, config, "Volumes");
        config.put("WorkingDir", source.path("WorkingDir").asText(""));
        copy(source, config, "Entrypoint");
        config.putNull("OnBuild");
        copy(source, config, "Labels");
        if (source.hasNonNull("StopSignal")) {
            config.put("StopSignal", source.get("StopSignal").asText());
        }
        return config;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        to.set(field, value == null ? to.nullNode() : value);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
