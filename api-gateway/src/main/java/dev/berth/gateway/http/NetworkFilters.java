package dev.berth.gateway.http;

import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.network.GatewayNetworks;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The filters of GET /networks and POST /networks/prune, as moby's network filters match them. */
final class NetworkFilters {
    private static final Set<String> LIST_KEYS = Set.of("name", "id", "driver", "label", "type", "dangling", "scope");
    private static final Set<String> PRUNE_KEYS = Set.of("until", "label", "label!");

    private NetworkFilters() {}

    static Predicate<NetworkInfo> list(Map<String, List<String>> filters) {
        check(filters, LIST_KEYS);
        for (String type : filters.getOrDefault("type", List.of())) {
            if (!type.equals("custom") && !type.equals("builtin")) {
                throw DockerApiException.badRequest("invalid filter: 'type'='" + type + "'");
            }
        }
        for (String dangling : filters.getOrDefault("dangling", List.of())) {
            if (!List.of("true", "false", "1", "0").contains(dangling.toLowerCase())) {
                throw DockerApiException.badRequest("invalid filter 'dangling=" + dangling + "'");
            }
        }
        return n -> any(filters.get("name"), v -> matches(v, n.getName()))
                && any(filters.get("id"), v -> matches(v, n.getId()))
                && any(filters.get("driver"), v -> NetworkJson.driver(n).equals(v))
                && any(filters.get("scope"), v -> v.equals("local"))
                && all(filters.get("label"), v -> label(n, v))
                && any(filters.get("type"), v -> v.equals("builtin") == n.getBuiltIn())
                && any(filters.get("dangling"), v -> dangling(v) == (n.getEndpointsCount() == 0 && !n.getBuiltIn()));
    }

    static Predicate<NetworkInfo> prune(Map<String, List<String>> filters, Instant now) {
        check(filters, PRUNE_KEYS);
        List<Instant> until = filters.getOrDefault("until", List.of()).stream().map(v -> until(v, now)).toList();
        return n -> until.stream().allMatch(u -> GatewayNetworks.created(n).isBefore(u))
                && all(filters.get("label"), v -> label(n, v))
                && all(filters.get("label!"), v -> !label(n, v));
    }

    private static void check(Map<String, List<String>> filters, Set<String> keys) {
        for (String key : filters.keySet()) {
            if (!keys.contains(key)) {
                throw DockerApiException.badRequest("invalid filter '" + key + "'");
            }
        }
    }

    /** moby's filters.Args.Match: the value as a regular expression found in the field (plain text: a substring). */
    private static boolean matches(String pattern, String field) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(field).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return field.contains(pattern);
        }
    }

    private static boolean dangling(String v) {
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    private static boolean any(List<String> values, Predicate<String> match) {
        return values == null || values.isEmpty() || values.stream().anyMatch(match);
    }

    private static boolean all(List<String> values, Predicate<String> match) {
        return values == null || values.stream().allMatch(match);
    }

    private static boolean label(NetworkInfo n, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return n.getLabelsMap().containsKey(filter);
        }
        return filter.substring(eq + 1).equals(n.getLabelsMap().get(filter.substring(0, eq)));
    }

    /** Docker's until: a Go duration before now ("10m", "1h30m"), unix seconds, or RFC 3339. */
    static Instant until(String value, Instant now) {
        try {
            if (value.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli((long) (Double.parseDouble(value) * 1000));
            }
            if (value.matches("(\\d+(\\.\\d+)?(h|m|s|ms))+")) {
                Duration d = Duration.ZERO;
                var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)").matcher(value);
                while (m.find()) {
                    double n = Double.parseDouble(m.group(1));
                    d = d.plusMillis((long) (n * switch (m.group(2)) {
                        case "h" -> 3_600_000;
                        case "m" -> 60_000;
                        case "s" -> 1000;
                        default -> 1;
                    }));
                }
                return now.minus(d);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(value + "T00:00:00Z");
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            throw DockerApiException.badRequest("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}
