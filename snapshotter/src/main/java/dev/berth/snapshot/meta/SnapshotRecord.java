package dev.berth.snapshot.meta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metadata of one snapshot in one namespace.
 *
 * @param key       the snapshot's key (for committed snapshots, their name)
 * @param id        the global id naming its directory {@code snapshots/<id>}
 * @param parent    the parent's key, "" for none
 * @param parentIds ids of the parent chain, nearest first; the lowerdirs of its overlay
 */
public record SnapshotRecord(String key, long id, SnapshotKind kind, String parent, List<Long> parentIds,
                             Map<String, String> labels, Instant created, Instant updated) {
    public SnapshotRecord {
        parentIds = List.copyOf(parentIds);
        labels = Map.copyOf(labels);
    }

    public SnapshotRecord withLabels(Map<String, String> newLabels, Instant now) {
        return new SnapshotRecord(key, id, kind, parent, parentIds, newLabels, created, now);
    }
}
