package dev.berth.cli.command;

import dev.berth.cli.api.Json;
import dev.berth.cli.flags.FlagValues;
import dev.berth.cli.format.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * docker's FilterOpt: an empty value is ignored, one without "=" is a bad flag value (status 125);
     * the name is trimmed and lower-cased, the value trimmed; a value given twice counts once.
     */
    static Map<String, List<String>> parseFlag(List<String> filters) {
        Map<String, List<String>> map = new TreeMap<>();
        for (String filter : filters) {
            if (filter.isEmpty()) {
                continue;
            }
            int eq = filter.indexOf('=');
            if (eq < 0) {
                throw FlagValues.invalid("-f, --filter", filter, "bad format of filter (expected name=value)");
            }
            List<String> values = map.computeIfAbsent(filter.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                    k -> new ArrayList<>());
            String value = filter.substring(eq + 1).strip();
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        return map;
    }

    /**
     * The filters parameter as docker's client writes it (filters.ToJSON): {"name":{"value":true}},
     * names and values sorted as Go marshals maps; null when there are none.
     */
    static String dockerJson(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Boolean>> args = new TreeMap<>();
        filters.forEach((name, values) -> values.forEach(
                value -> args.computeIfAbsent(name, k -> new TreeMap<>()).put(value, true)));
        return JsonText.marshal(args);
    }

    /** The JSON text, or null when there are no filters. */
    static String json(Map<String, List<String>> filters) {
        return filters.isEmpty() ? null : new String(Json.bytes(filters), StandardCharsets.UTF_8);
    }
}
