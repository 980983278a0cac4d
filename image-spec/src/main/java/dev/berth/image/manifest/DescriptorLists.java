package dev.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.json.JsonFields;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing arrays of descriptors (layers, manifests), with each element's path in errors. */
final class DescriptorLists {
    private DescriptorLists() {}

    static List<Descriptor> read(JsonFields fields, String name) {
        List<Descriptor> descriptors = new ArrayList<>();
        List<JsonNode> elements = fields.array(name);
        for (int i = 0; i < elements.size(); i++) {
            descriptors.add(Descriptor.read(JsonFields.of(elements.get(i), fields.document(), fields.elementPath(name, i))));
        }
        return List.copyOf(descriptors);
    }

    static Descriptor readOne(JsonFields fields, String name) {
        JsonFields object = fields.object(name);
        return object == null ? null : Descriptor.read(object);
    }

    static List<ObjectNode> write(List<Descriptor> descriptors) {
        return descriptors.stream().map(Descriptor::toJsonNode).toList();
    }

    static void checkSchemaVersion(JsonFields fields, int schemaVersion) {
        if (schemaVersion != 2) {
            throw fields.invalid("schemaVersion", schemaVersion == 0 ? "is required"
                    : "unsupported schema version " + schemaVersion + " (only 2 is supported)");
        }
    }
}
