package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Dockerfile HEALTHCHECK as Docker stores it in an image config. {@code test} is
 * {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}; durations are
 * written as Go writes time.Duration, in nanoseconds; zero means "inherit the default".
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, int retries, Map<String, JsonNode> unknownFields) {

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
        interval = Objects.requireNonNullElse(interval, Duration.ZERO);
        timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
        startPeriod = Objects.requireNonNullElse(startPeriod, Duration.ZERO);
        startInterval = Objects.requireNonNullElse(startInterval, Duration.ZERO);
        unknownFields = GoJson.copyFields(unknownFields);
    }

    public static Healthcheck of(List<String> test, Duration interval, Duration timeout, Duration startPeriod, int retries) {
        return new Healthcheck(test, interval, timeout, startPeriod, Duration.ZERO, retries, Map.of());
    }

    @Override
    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    static Healthcheck read(JsonFields fields) {
        return new Healthcheck(fields.strings("Test"), nanos(fields, "Interval"), nanos(fields, "Timeout"),
                nanos(fields, "StartPeriod"), nanos(fields, "StartInterval"), fields.intValue("Retries"),
                fields.unknown());
    }

    /** In the field order of moby's container.HealthConfig. */
    ObjectNode toJsonNode() {
        return new JsonObjectWriter(unknownFields)
                .strings("Test", test)
                .number("Interval", interval.toNanos())
                .number("Timeout", timeout.toNanos())
                .number("StartPeriod", startPeriod.toNanos())
                .number("StartInterval", startInterval.toNanos())
                .number("Retries", retries)
                .unknown()
                .build();
    }

    private static Duration nanos(JsonFields fields, String name) {
        long nanos = fields.longValue(name);
        if (nanos < 0) {
            throw fields.invalid(name, "must not be negative");
        }
        return Duration.ofNanos(nanos);
    }
}
