package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A build step's image config document, as moby's image.NewChildImage makes it: the parent's
 * architecture and OS, the step's run config as "config", the container config whose Cmd tells
 * what the step did, the parent's layers and history plus this step's entry ({@code empty_layer}
 * when the step added no layer).
 */
public final class ImageConfigs {
    private ImageConfigs() {}

    /**
     * @param parent the parent's document, null for scratch
     * @param containerId the step's container, null for a config-only step
     * @param diffId the new layer, null for none
     */
    public static ObjectNode child(ObjectNode parent, ObjectNode runConfig, ObjectNode containerConfig, String containerId,
            String diffId, String author, Instant created) {
        ObjectNode base = parent == null ? RunConfigs.MAPPER.createObjectNode() : parent;
        String now = created.toString();
        ObjectNode image = RunConfigs.MAPPER.createObjectNode();
        image.put("architecture", base.path("architecture").asText("amd64"));
        if (base.hasNonNull("variant")) {
            image.set("variant", base.get("variant").deepCopy());
        }
        if (author != null && !author.isEmpty()) {
            image.put("author", author);
        }
        image.set("config", RunConfigs.ordered(runConfig));
        if (containerId != null) {
            image.put("container", containerId);
        }
        image.set("container_config", RunConfigs.ordered(containerConfig));
        image.put("created", now);
        ArrayNode history = image.putArray("history");
        base.path("history").forEach(entry -> history.add(entry.deepCopy()));
        ObjectNode entry = history.addObject().put("created", now);
        if (author != null && !author.isEmpty()) {
            entry.put("author", author);
        }
        entry.put("created_by", HistoryFormat.createdBy(RunConfigs.stringsOrEmpty(containerConfig, "Cmd")));
        if (diffId == null) {
            entry.put("empty_layer", true);
        }
        image.put("os", base.path("os").asText("linux"));
        for (String field : new String[] {"os.version", "os.features"}) {
            JsonNode value = base.get(field);
            if (value != null && !value.isNull()) {
                image.set(field, value.deepCopy());
            }
        }
        ObjectNode rootfs = image.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        base.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        if (diffId != null) {
            diffIds.add(diffId);
        }
        return image;
    }
}
