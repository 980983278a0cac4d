package dev.berth.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's --since/--until values: a Go duration before now ("10m", "1h30m"), an RFC 3339
 * date or time, or Unix seconds; sent as "seconds.nanoseconds".
 */
final class Timestamps {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Timestamps() {
    }

    static String parse(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("\\d+(\\.\\d{1,9})?")) {
            return value;
        }
        Duration duration = goDuration(value);
        if (duration != null) {
            return format(now.minus(duration));
        }
        try {
            return format(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return format(LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant());
            } catch (DateTimeParseException notLocal) {
                try {
                    return format(LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("invalid value for \"since\"/\"until\": " + value);
                }
            }
        }
    }

    /** Go's time.ParseDuration, or null when the text is not a duration. */
    static Duration goDuration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        int position = 0;
        double nanos = 0;
        while (m.find() && m.start() == position) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            position = m.end();
        }
        return position == text.length() && position > 0 ? Duration.ofNanos((long) nanos) : null;
    }

    private static String format(Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    }
}
