package dev.berth.gateway.http;

import java.time.Duration;
import java.time.Instant;

/** Docker's renderings of time: RFC 3339 with nanoseconds, its zero time, and its human durations. */
public final class DockerTime {
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private DockerTime() {}

    public static String rfc3339(Instant instant) {
        return instant == null ? ZERO : instant.toString();
    }

    /** go-units' HumanDuration, which docker ps shows in its Status column. */
    public static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
