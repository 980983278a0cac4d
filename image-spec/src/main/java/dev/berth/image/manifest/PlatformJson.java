package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.Platform;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.Map;

/** The JSON form of a platform in a descriptor, in the field order of image-spec's Platform struct. */
final class PlatformJson {
    private PlatformJson() {}

    static Platform read(JsonFields fields) {
        return new Platform(fields.string("os"), fields.string("architecture"), fields.string("variant"),
                fields.string("os.version"), fields.strings("os.features"));
    }

    /** {@code kept}: the platform object's unknown or empty fields as read, written back in place. */
    static ObjectNode write(Platform platform, Map<String, JsonNode> kept) {
        return new JsonObjectWriter(kept)
                .stringAlways("architecture", platform.architecture())
                .stringAlways("os", platform.os())
                .string("os.version", platform.osVersion())
                .strings("os.features", platform.osFeatures())
                .string("variant", platform.variant())
                .unknown()
                .build();
    }
}
