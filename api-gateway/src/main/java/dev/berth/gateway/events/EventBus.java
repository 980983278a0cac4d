package dev.berth.gateway.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's events, as GET /events serves them: the recent ones kept for `since` (Docker
 * keeps the last 256 too), and live subscribers, each called in publication order.
 */
public final class EventBus {
    static final int HISTORY = 256;

    private final Deque<Event> history = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private long lastTimeNano;

    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        Event event;
        synchronized (this) {
            Instant now = Instant.now();
            long nano = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            lastTimeNano = Math.max(nano, lastTimeNano + 1); // strictly increasing, so since/until are exact
            event = new Event(type, action, actorId, attributes, lastTimeNano);
            history.addLast(event);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
            for (Consumer<Event> subscriber : subscribers) {
                subscriber.accept(event);
            }
        }
    }

    /**
     * The kept events after {@code sinceNano} (inclusive) and, atomically with it, a
     * subscription to every later one. Close the returned handle to end the subscription.
     */
    public synchronized Subscription subscribe(long sinceNano, Consumer<Event> live) {
        List<Event> past = new ArrayList<>();
        for (Event event : history) {
            if (event.timeNano() >= sinceNano) {
                past.add(event);
            }
        }
        subscribers.add(live);
        return new Subscription(past, () -> subscribers.remove(live));
    }

    /** The events kept when the subscription began, and how to end it. */
    public record Subscription(List<Event> past, Runnable cancel) implements AutoCloseable {
        @Override
        public void close() {
            cancel.run();
        }
    }
}
