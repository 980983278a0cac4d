package dev.berth.gateway.container.runtime;

import dev.berth.gateway.events.EventBus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Container events as Docker publishes them: the actor's image, name and labels as attributes. */
final class ContainerEvents {
    private final EventBus bus;

    ContainerEvents(EventBus bus) {
        this.bus = bus;
    }

    void container(ContainerRecord record, String action, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (record.config() != null && record.config().labels() != null) {
            attributes.putAll(record.config().labels());
        }
        attributes.put("image", record.imageRef() == null ? record.imageId() : record.imageRef());
        attributes.put("name", record.name().startsWith("/") ? record.name().substring(1) : record.name());
        attributes.putAll(extra);
        bus.publish("container", action, record.id(), attributes);
    }
}
