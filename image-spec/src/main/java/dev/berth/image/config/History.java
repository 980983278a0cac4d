package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * One step of an image's history (a Dockerfile instruction). {@code emptyLayer} steps made no
 * layer, so the history has more entries than rootfs.diff_ids. {@code created} may be null.
 */
public record History(OffsetDateTime created, String author, String createdBy, String comment, boolean emptyLayer,
                      Map<String, JsonNode> unknownFields) {

    public History {
        author = Objects.requireNonNullElse(author, "");
        createdBy = Objects.requireNonNullElse(createdBy, "");
        comment = Objects.requireNonNullElse(comment, "");
        unknownFields = GoJson.copyFields(unknownFields);
    }

    public static History of(OffsetDateTime created, String createdBy, boolean emptyLayer) {
        return new History(created, "", createdBy, "", emptyLayer, Map.of());
    }

    public History withComment(String comment) {
        return new History(created, author, createdBy, comment, emptyLayer, unknownFields);
    }

    public History withAuthor(String author) {
        return new History(created, author, createdBy, comment, emptyLayer, unknownFields);
    }

    @Override
    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    static History read(JsonFields fields) {
        return new History(fields.time("created"), fields.string("author"), fields.string("created_by"),
                fields.string("comment"), fields.bool("empty_layer"), fields.unknown());
    }

    /** In the field order of moby's image.History. */
    ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .time("created", created)
                .string("author", author)
                .string("created_by", createdBy)
                .string("comment", comment)
                .bool("empty_layer", emptyLayer)
                .unknown()
                .build();
    }
}
