package dev.berth.gateway.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.config.ContainerConfig;
import dev.berth.image.config.ImageConfig;

/**
 * Bridges the JSON trees some of the gateway still edits (Dockerfile changes, commit's merge of
 * configs, the builder's run config) to image-spec's typed {@link ImageConfig}: a tree is read
 * as a document, validated as one, and written back by {@link ImageConfig#toJson()} in moby's order.
 */
public final class ImageDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImageDocuments() {}

    /** The typed config of {@code tree}; a malformed one throws image-spec's InvalidDocumentException (a 400). */
    public static ImageConfig config(ObjectNode tree) {
        return ImageConfig.parse(bytes(tree));
    }

    /** The typed run config ("config" of an image config) of {@code runConfig}, Docker's field names. */
    public static ContainerConfig containerConfig(ObjectNode runConfig) {
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.set("config", runConfig);
        return config(wrapper).config();
    }

    /**
     * {@code config} with the top-level {@code comment} of moby's V1Image (docker import -m, commit -m),
     * a field image-spec's builder has no setter for; unchanged for an empty comment.
     */
    public static ImageConfig withComment(ImageConfig config, String comment) {
        if (comment == null || comment.isEmpty()) {
            return config;
        }
        ObjectNode tree = config.toJsonNode();
        tree.put("comment", comment);
        return config(tree);
    }

    /** The config as a JSON tree, for the code that still edits trees. */
    public static ObjectNode tree(ImageConfig config) {
        return config.toJsonNode();
    }

    private static byte[] bytes(ObjectNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an image document", e);
        }
    }
}
