package dev.berth.gateway.events;

import java.util.Map;

/**
 * One of Docker's events: what happened (Action) to what (Type, Actor ID and Attributes), and
 * when, to the nanosecond.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
    public Event {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public long time() {
        return timeNano / 1_000_000_000L;
    }
}
