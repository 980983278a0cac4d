package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /images/{name}/history as moby's ImageHistory: the config's history newest first, each with
 * its layer's size (0 for an empty_layer entry); the Id and Tags of the image and of its parents
 * (followed through the config's "Image", the parent the builder records) as far as they are here,
 * "&lt;missing&gt;" beyond.
 */
final class ImageHistoryJson {
    private ImageHistoryJson() {}

    static ArrayNode of(ImageService images, String reference) {
        Image image = images.inspect(reference);
        ObjectNode document = images.configDocument(image.id());
        List<Long> sizes = images.layerSizes(image.id());
        List<ObjectNode> items = new ArrayList<>();
        int layer = 0;
        for (JsonNode entry : document.path("history")) {
            long size = 0;
            if (!entry.path("empty_layer").asBoolean(false)) {
                size = layer < sizes.size() ? sizes.get(layer) : 0;
                layer++;
            }
            ObjectNode item = Json.object();
            item.put("Id", "<missing>");
            item.put("Created", seconds(entry.path("created").asText("")));
            item.put("CreatedBy", entry.path("created_by").asText(""));
            item.putNull("Tags");
            item.put("Size", size);
            item.put("Comment", entry.path("comment").asText(""));
            items.addFirst(item);
        }
        Image current = image;
        for (ObjectNode item : items) {
            item.put("Id", current.id());
            if (current.repoTags().isEmpty()) {
                item.putNull("Tags");
            } else {
                ArrayNode tags = item.putArray("Tags");
                current.repoTags().forEach(tags::add);
            }
            String parent = current.config().path("Image").asText("");
            if (parent.isEmpty() || parent.equals(current.id())) {
                break;
            }
            try {
                current = images.inspect(parent);
            } catch (DockerApiException e) {
                break;
            }
        }
        ArrayNode out = Json.array();
        items.forEach(out::add);
        return out;
    }

    private static long seconds(String time) {
        try {
            return time.isEmpty() ? 0 : Instant.parse(time).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
