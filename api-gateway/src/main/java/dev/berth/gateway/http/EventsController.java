package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.events.Event;
import dev.berth.gateway.events.EventBus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/** GET /events: the kept events since `since`, then live ones until `until` (or the client leaves), filtered. */
@Controller
public final class EventsController {
    private final EventBus bus;

    public EventsController(EventBus bus) {
        this.bus = bus;
    }

    @Get("/events")
    public MutableHttpResponse<Flux<byte[]>> events(@Nullable @QueryValue String since, @Nullable @QueryValue String until,
            @Nullable @QueryValue String filters) {
        Map<String, List<String>> filter = DockerParams.filters(filters);
        Instant now = Instant.now();
        long sinceNano = since == null || since.isEmpty() ? now.getEpochSecond() * 1_000_000_000L + now.getNano() : nanos(since, now);
        Long untilNano = until == null || until.isEmpty() ? null : nanos(until, now);
        Flux<byte[]> events = Flux.<byte[]>create(sink -> {
            EventBus.Subscription subscription = bus.subscribe(sinceNano, event -> emit(sink, event, filter, untilNano));
            sink.onDispose(subscription::close);
            for (Event event : subscription.past()) {
                emit(sink, event, filter, untilNano);
            }
            if (untilNano != null) {
                long waitMillis = Math.max(0, (untilNano - System.currentTimeMillis() * 1_000_000L) / 1_000_000L);
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(Duration.ofMillis(waitMillis));
                    } catch (InterruptedException ignored) {
                        // ending now is fine
                    }
                    sink.complete();
                });
            }
        }, FluxSink.OverflowStrategy.BUFFER);
        // an empty first chunk sends the head at once, as Docker does, before any event exists
        return HttpResponse.ok(Flux.concat(Flux.just(new byte[0]), events)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static void emit(FluxSink<byte[]> sink, Event event, Map<String, List<String>> filter, Long untilNano) {
        if (untilNano != null && event.timeNano() > untilNano) {
            sink.complete();
            return;
        }
        if (matches(event, filter)) {
            sink.next((json(event).toString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    static boolean matches(Event event, Map<String, List<String>> filter) {
        for (Map.Entry<String, List<String>> entry : filter.entrySet()) {
            List<String> wanted = entry.getValue();
            boolean ok = switch (entry.getKey()) {
                case "type" -> wanted.contains(event.type());
                case "event" -> wanted.contains(event.action()) || wanted.stream().anyMatch(w -> event.action().startsWith(w + ":"));
                case "container" -> event.type().equals("container") && (wanted.contains(event.actorId())
                        || wanted.contains(event.attributes().get("name"))
                        || wanted.stream().anyMatch(w -> w.length() >= 12 && event.actorId().startsWith(w)));
                case "image" -> wanted.contains(event.attributes().get("image")) || wanted.contains(event.actorId());
                case "network" -> event.type().equals("network") && (wanted.contains(event.actorId())
                        || wanted.contains(event.attributes().get("name")));
                case "volume" -> event.type().equals("volume") && wanted.contains(event.actorId());
                case "label" -> wanted.stream().allMatch(label -> {
                    String[] kv = label.split("=", 2);
                    String value = event.attributes().get(kv[0]);
                    return value != null && (kv.length == 1 || kv[1].equals(value));
                });
                case "scope" -> wanted.contains("local");
                default -> throw DockerApiException.badRequest("invalid filter '" + entry.getKey() + "'");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static ObjectNode json(Event event) {
        ObjectNode node = Json.object();
        if (event.type().equals("container") || event.type().equals("image")) {
            node.put("status", event.action()).put("id", event.actorId());
            String from = event.attributes().get("image");
            if (from != null && event.type().equals("container")) {
                node.put("from", from);
            }
        }
        node.put("Type", event.type()).put("Action", event.action());
        ObjectNode actor = node.putObject("Actor").put("ID", event.actorId());
        ObjectNode attributes = actor.putObject("Attributes");
        event.attributes().forEach(attributes::put);
        node.put("scope", "local").put("time", event.time()).put("timeNano", event.timeNano());
        return node;
    }

    /** Unix seconds with an optional fraction, or an RFC 3339 time, or a Go duration before now ("10m"). */
    static long nanos(String value, Instant now) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            return seconds.movePointRight(9).longValue();
        } catch (NumberFormatException notNumeric) {
            try {
                Instant t = OffsetDateTime.parse(value).toInstant();
                return t.getEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (java.time.format.DateTimeParseException notTime) {
                try {
                    Instant t = now.minus(Duration.parse("PT" + value.toUpperCase()));
                    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
                } catch (java.time.format.DateTimeParseException e) {
                    throw DockerApiException.badRequest("failed to parse value " + value + " as a time");
                }
            }
        }
    }
}
