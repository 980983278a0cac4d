package dev.berth.cli.compose.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping of the file at a key path, with typed reads that fail with the file, the line and
 * the key: "docker-compose.yml:7: services.web.ports must be a list".
 */
final class Section {
    private final YamlFile file;
    private final String path;
    private final Map<String, Object> values;

    Section(YamlFile file, String path, Map<String, Object> values) {
        this.file = file;
        this.path = path;
        this.values = values;
    }

    String path() {
        return path;
    }

    Set<String> keys() {
        return values.keySet();
    }

    boolean isMap(String key) {
        return values.get(key) instanceof Map;
    }

    boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** Keys outside {@code allowed} (x- extensions aside) are errors, as compose's schema makes them. */
    void allowOnly(Set<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key) && !key.startsWith("x-")) {
                throw error(key, "additional property " + key + " is not allowed");
            }
        }
    }

    ComposeFileException error(String key, String message) {
        String at = key == null ? path : child(key);
        return new ComposeFileException(file.where(at) + at + ": " + message);
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String string(String key, String otherwise) {
        Object value = values.get(key);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Map || value instanceof List) {
            throw error(key, "must be a string");
        }
        return String.valueOf(value);
    }

    boolean bool(String key) {
        Object value = values.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "y", "on", "1" -> true;
            case "false", "no", "n", "off", "0", "" -> false;
            default -> throw error(key, "must be a boolean");
        };
    }

    Section section(String key) {
        Object value = values.get(key);
        if (value == null) {
            return new Section(file, child(key), Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error(key, "must be a mapping");
        }
        return new Section(file, child(key), stringKeys(map));
    }

    /** A string or a list of strings (command: "a b", or [a, b]). Null when absent. */
    Object stringOrList(String key) {
        Object value = values.get(key);
        if (value == null || value instanceof String) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return String.valueOf(value);
    }

    /** A list of scalars; a single scalar counts as a list of one. */
    List<String> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof Map || item instanceof List) {
                    throw error(key, "must be a list of strings");
                }
                out.add(String.valueOf(item));
            }
            return out;
        }
        if (value instanceof Map) {
            throw error(key, "must be a list");
        }
        return List.of(String.valueOf(value));
    }

    /** Raw items of a list (strings or mappings), for keys with a short and a long syntax. */
    List<Object> items(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error(key, "must be a list");
        }
        return new ArrayList<>(list);
    }

    Section itemSection(String key, int index, Map<?, ?> map) {
        return new Section(file, child(key) + "[" + index + "]", stringKeys(map));
    }

    /**
     * A mapping or a list of KEY=VALUE (environment, labels, build args). A list item without
     * "=" maps to null (environment: taken from the shell); a mapping's null value too.
     */
    Map<String, String> keyValues(String key) {
        Object value = values.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : scalar(key, v)));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                int equals = text.indexOf('=');
                out.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
            }
        } else {
            throw error(key, "must be a mapping or a list");
        }
        return out;
    }

    private String scalar(String key, Object value) {
        if (value instanceof Map || value instanceof List) {
            throw error(key, "values must be strings, numbers or booleans");
        }
        return String.valueOf(value);
    }

    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
