package dev.berth.cli.command;

import dev.berth.cli.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** --filter key=value flags as the API's filters parameter: {"key":["value",...]}. */
final class Filters {

    private Filters() {
    }

    static Map<String, List<String>> parse(List<String> filters) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad format of filter (expected name=value)");
            }
            map.computeIfAbsent(filter.substring(0, eq).strip().toLowerCase(), k -> new ArrayList<>()).add(filter.substring(eq + 1));
        }
        return map;
    }

    /** The JSON text, or null when there are no filters. */
    static String json(Map<String, List<String>> filters) {
        return filters.isEmpty() ? null : new String(Json.bytes(filters), StandardCharsets.UTF_8);
    }
}
