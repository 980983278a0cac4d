package dev.berth.gateway.network;

import dev.berth.gateway.events.EventBus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Network events as Docker publishes them: the network is the actor; name, type and the container. */
public final class NetworkEvents {
    private final EventBus bus;

    public NetworkEvents(EventBus bus) {
        this.bus = bus;
    }

    /** create and destroy. */
    public void network(String action, String networkId, String name, String driver) {
        publish(action, networkId, name, driver, null);
    }

    /** connect and disconnect. */
    public void container(String action, String networkId, String name, String driver, String containerId) {
        publish(action, networkId, name, driver, containerId);
    }

    private void publish(String action, String networkId, String name, String driver, String containerId) {
        if (bus == null) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (containerId != null) {
            attributes.put("container", containerId);
        }
        attributes.put("name", name);
        attributes.put("type", driver == null || driver.isEmpty() ? "bridge" : driver);
        bus.publish("network", action, networkId, attributes);
    }
}
