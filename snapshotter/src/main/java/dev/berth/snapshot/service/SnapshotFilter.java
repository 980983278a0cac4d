package dev.berth.snapshot.service;

import dev.berth.common.filter.Filters;
import dev.berth.snapshot.meta.SnapshotRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * containerd's filters over snapshots (common's {@link Filters} syntax): the fields are
 * {@code name}, {@code parent}, {@code kind} and {@code labels.<key>}; an empty field counts
 * as absent.
 */
final class SnapshotFilter {
    private static final Set<String> FIELDS = Set.of("name", "parent", "kind", "labels");

    private SnapshotFilter() {}

    static Predicate<SnapshotRecord> parse(List<String> filters) {
        Predicate<Filters.Fields> filter = Filters.parse(filters, FIELDS);
        return record -> filter.test(path -> Optional.of(field(record, path)).filter(value -> !value.isEmpty()));
    }

    static String field(SnapshotRecord record, List<String> path) {
        return switch (path.getFirst()) {
            case "name" -> path.size() == 1 ? record.key() : "";
            case "parent" -> path.size() == 1 ? record.parent() : "";
            case "kind" -> path.size() == 1 ? record.kind().name().toLowerCase(Locale.ROOT) : "";
            // containerd joins the rest of an unquoted path, so labels.a.b/c means the label "a.b/c"
            case "labels" -> path.size() >= 2 ? record.labels().getOrDefault(String.join(".", path.subList(1, path.size())), "") : "";
            default -> "";
        };
    }
}
