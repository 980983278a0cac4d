package dev.berth.content;

import dev.berth.content.StoreException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * containerd's field-mask rule for labels: no paths replaces all labels, {@code labels} replaces
 * all, {@code labels.<key>} sets or (with an empty or missing value) removes one key. Other paths
 * are refused. Shared by content and images.
 */
public final class LabelUpdate {
    private LabelUpdate() {}

    public static Map<String, String> apply(Map<String, String> current, Map<String, String> requested,
            List<String> paths, Function<String, String> refusal) {
        Map<String, String> updated = new TreeMap<>(current);
        if (paths.isEmpty()) {
            updated = new TreeMap<>(requested);
        }
        for (String path : paths) {
            if (path.equals("labels")) {
                updated = new TreeMap<>(requested);
            } else if (path.startsWith("labels.")) {
                String key = path.substring("labels.".length());
                updated.put(key, requested.getOrDefault(key, ""));
            } else {
                throw StoreException.invalidArgument(refusal.apply(path));
            }
        }
        updated.values().removeIf(String::isEmpty);
        return updated;
    }

    /** True when a mask path concerns labels. */
    public static boolean isLabelPath(String path) {
        return path.equals("labels") || path.startsWith("labels.");
    }
}
