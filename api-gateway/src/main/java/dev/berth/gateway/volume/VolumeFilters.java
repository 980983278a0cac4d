package dev.berth.gateway.volume;

import dev.berth.gateway.api.DockerApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The filters of GET /volumes (dangling, name, driver, label) and POST /volumes/prune (label,
 * label!), as moby's volume service reads them: values of one key are alternatives, keys all apply.
 */
public final class VolumeFilters implements Predicate<VolumeRecord> {
    private static final Set<String> LIST_KEYS = Set.of("dangling", "name", "driver", "label");
    private static final Set<String> PRUNE_KEYS = Set.of("label", "label!");

    private final Map<String, List<String>> filters;
    private final Volumes volumes;

    private VolumeFilters(Map<String, List<String>> filters, Volumes volumes) {
        this.filters = filters;
        this.volumes = volumes;
    }

    public static VolumeFilters forList(Map<String, List<String>> filters, Volumes volumes) {
        check(filters, LIST_KEYS);
        for (String value : filters.getOrDefault("dangling", List.of())) {
            if (!Set.of("true", "false", "1", "0").contains(value.toLowerCase())) {
                throw DockerApiException.badRequest("invalid filter 'dangling=" + value + "'");
            }
        }
        return new VolumeFilters(filters, volumes);
    }

    public static VolumeFilters forPrune(Map<String, List<String>> filters) {
        if (filters.containsKey("all")) {
            throw DockerApiException.badRequest("invalid filter 'all': API 1.41 prunes every unused volume (all is 1.42's)");
        }
        check(filters, PRUNE_KEYS);
        return new VolumeFilters(filters, null);
    }

    private static void check(Map<String, List<String>> filters, Set<String> keys) {
        for (String key : filters.keySet()) {
            if (!keys.contains(key)) {
                throw DockerApiException.badRequest("invalid filter '" + key + "'");
            }
        }
    }

    @Override
    public boolean test(VolumeRecord v) {
        for (Map.Entry<String, List<String>> e : filters.entrySet()) {
            List<String> values = e.getValue();
            if (values.isEmpty()) {
                continue;
            }
            boolean ok = switch (e.getKey()) {
                case "dangling" -> values.stream().anyMatch(d -> {
                    boolean wanted = d.equalsIgnoreCase("true") || d.equals("1");
                    return volumes.users(v.name()).isEmpty() == wanted;
                });
                case "name" -> values.stream().anyMatch(n -> v.name().contains(n));
                case "driver" -> values.stream().anyMatch(d -> v.driver().equals(d));
                case "label" -> values.stream().anyMatch(l -> hasLabel(v, l));
                case "label!" -> values.stream().noneMatch(l -> hasLabel(v, l));
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** "key" (present) or "key=value". */
    static boolean hasLabel(VolumeRecord v, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return v.labels().containsKey(filter);
        }
        return filter.substring(eq + 1).equals(v.labels().get(filter.substring(0, eq)));
    }
}
