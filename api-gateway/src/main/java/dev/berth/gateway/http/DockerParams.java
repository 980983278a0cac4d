package dev.berth.gateway.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.gateway.api.DockerApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query parameters as Docker reads them. */
public final class DockerParams {
    private DockerParams() {}

    /** Docker's boolean form: "1", "true", "True" and any other non-false value are true; absent, "", "0", "false" are false. */
    public static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase();
        return !(v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("no"));
    }

    /** An integer query parameter; 400 with Docker's words when it is not one. */
    public static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw dev.berth.gateway.api.DockerApiException.badRequest("invalid value for " + name + ": " + value);
        }
    }

    /**
     * The {@code filters} parameter: {"name":["x"]} or the legacy {"name":{"x":true}}; empty when absent.
     * Malformed JSON is a 400 as Docker answers it.
     */
    public static Map<String, List<String>> filters(String json) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return filters;
        }
        try {
            Map<String, Object> raw = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                List<String> values = new java.util.ArrayList<>();
                if (entry.getValue() instanceof List<?> list) {
                    list.forEach(v -> values.add(String.valueOf(v)));
                } else if (entry.getValue() instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> {
                        if (Boolean.TRUE.equals(v)) {
                            values.add(String.valueOf(k));
                        }
                    });
                } else if (entry.getValue() != null) {
                    values.add(String.valueOf(entry.getValue()));
                }
                filters.put(entry.getKey(), values);
            }
            return filters;
        } catch (Exception e) {
            throw DockerApiException.badRequest("invalid filter: " + e.getMessage());
        }
    }
}
