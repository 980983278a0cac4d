package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * GET /containers/json's filters, as Docker applies them: values of one filter are alternatives
 * (any may match), different filters must all match; labels must all match.
 */
public final class ContainerFilters {
    private static final Set<String> KNOWN = Set.of("id", "name", "status", "label", "ancestor", "exited", "network",
            "before", "since", "volume", "publish", "expose");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    private final Map<String, List<String>> filters;
    private final List<String> ancestorImageIds;
    private final Instant before;
    private final Instant since;
    private Function<String, List<dev.berth.gateway.volume.MountPoint>> mountsOf = id -> List.of();

    /**
     * @param imageIdOf      the id of an image reference, if it names one (for "ancestor")
     * @param createdOf      the creation time of a container reference (for "before" and "since"; 404 when unknown)
     */
    public ContainerFilters(Map<String, List<String>> filters, Function<String, Optional<String>> imageIdOf,
            Function<String, Instant> createdOf) {
        this.filters = filters == null ? Map.of() : filters;
        for (Map.Entry<String, List<String>> filter : this.filters.entrySet()) {
            if (!KNOWN.contains(filter.getKey())) {
                throw DockerApiException.badRequest("invalid filter '" + filter.getKey() + "'");
            }
        }
        for (String status : values("status")) {
            if (!STATUSES.contains(status)) {
                throw DockerApiException.badRequest("invalid filter 'status=" + status + "'");
            }
        }
        for (String exited : values("exited")) {
            try {
                Integer.parseInt(exited);
            } catch (NumberFormatException e) {
                throw DockerApiException.badRequest("invalid filter 'exited=" + exited + "'");
            }
        }
        List<String> ids = new ArrayList<>();
        for (String ancestor : values("ancestor")) {
            imageIdOf.apply(ancestor).ifPresent(ids::add);
        }
        this.ancestorImageIds = ids;
        this.before = values("before").isEmpty() ? null : createdOf.apply(values("before").getFirst());
        this.since = values("since").isEmpty() ? null : createdOf.apply(values("since").getFirst());
    }

    /** The containers' mounts, for "volume" (a volume's name, a bind's source, or a destination). */
    ContainerFilters mounts(Function<String, List<dev.berth.gateway.volume.MountPoint>> lookup) {
        this.mountsOf = lookup;
        return this;
    }

    /** Filters on status, exit code or creation order show stopped containers without "all", as Docker does. */
    public boolean impliesAll() {
        return !values("status").isEmpty() || !values("exited").isEmpty() || before != null || since != null;
    }

    public boolean matches(ContainerRecord record) {
        return matchesAny("id", v -> record.id().startsWith(v))
                && matchesAny("name", v -> nameMatches(v, record.name()))
                && matchesAny("status", v -> v.equals(record.state().status()))
                && matchesAny("exited", v -> !record.running() && record.state().status().equals("exited")
                        && Integer.parseInt(v) == record.state().exitCode())
                && matchesAny("network", v -> record.networks().stream()
                        .anyMatch(n -> n.networkName().equals(v) || (!n.networkId().isEmpty() && n.networkId().startsWith(v)))
                        || NetworkAttacher.networkName(record.networkMode()).equals(v))
                && matchesAny("publish", v -> PortFilter.published(v, record))
                && matchesAny("expose", v -> PortFilter.exposed(v, record))
                && matchesAny("ancestor", v -> v.equals(record.imageRef()) || v.equals(record.config().image())
                        || ancestorImageIds.contains(record.imageId()))
                && matchesAny("volume", v -> mountsOf.apply(record.id()).stream().anyMatch(m -> v.equals(m.destination())
                        || v.equals(m.name() != null ? m.name() : m.source())))
                && values("label").stream().allMatch(v -> labelMatches(v, record))
                && (before == null || record.created().isBefore(before))
                && (since == null || record.created().isAfter(since));
    }

    private List<String> values(String key) {
        List<String> values = filters.get(key);
        return values == null ? List.of() : values;
    }

    private boolean matchesAny(String key, java.util.function.Predicate<String> test) {
        List<String> values = values(key);
        return values.isEmpty() || values.stream().anyMatch(test);
    }

    /** Docker matches names as a regular expression against "/name"; plain text is a substring. */
    static boolean nameMatches(String pattern, String name) {
        try {
            return Pattern.compile(pattern).matcher("/" + name).find();
        } catch (PatternSyntaxException e) {
            return ("/" + name).contains(pattern);
        }
    }

    private static boolean labelMatches(String filter, ContainerRecord record) {
        Map<String, String> labels = record.config().labels();
        if (labels == null) {
            return false;
        }
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
