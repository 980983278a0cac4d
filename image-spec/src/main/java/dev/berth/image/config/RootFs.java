package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An image's root filesystem: the diff ids (digests of the uncompressed layers), bottom first. */
public record RootFs(String type, List<Digest> diffIds, Map<String, JsonNode> unknownFields) {
    public static final String LAYERS = "layers";

    public RootFs {
        type = Objects.requireNonNullElse(type, "");
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        unknownFields = GoJson.copyFields(unknownFields);
    }

    public static RootFs of(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds, Map.of());
    }

    public RootFs withDiffIds(List<Digest> diffIds) {
        return new RootFs(type, diffIds, unknownFields);
    }

    /** The chain id of the whole stack, or null for an image without layers. */
    public Digest chainId() {
        return diffIds.isEmpty() ? null : ChainId.of(diffIds);
    }

    @Override
    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    static RootFs read(JsonFields fields) {
        String type = fields.string("type");
        List<String> texts = fields.strings("diff_ids");
        List<Digest> diffIds = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            diffIds.add(fields.toDigest("diff_ids[" + i + "]", texts.get(i)));
        }
        return new RootFs(type, diffIds, fields.unknown());
    }

    /** In the field order of moby's image.RootFS ({@code type} always written). */
    ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .stringAlways("type", type)
                .strings("diff_ids", diffIds)
                .unknown()
                .build();
    }
}
