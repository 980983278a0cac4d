package dev.berth.snapshot.meta;

import dev.berth.snapshot.fs.DiskUsage;
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
 * @param usage     the disk usage measured at commit (as containerd's overlay Commit does); null for
 *                  active and view snapshots, whose usage changes and is measured when asked
 */
public record SnapshotRecord(String key, long id, SnapshotKind kind, String parent, List<Long> parentIds,
                             Map<String, String> labels, Instant created, Instant updated, DiskUsage.Usage usage) {
    public SnapshotRecord {
        parentIds = List.copyOf(parentIds);
        labels = Map.copyOf(labels);
    }

    public SnapshotRecord(String key, long id, SnapshotKind kind, String parent, List<Long> parentIds,
                          Map<String, String> labels, Instant created, Instant updated) {
        this(key, id, kind, parent, parentIds, labels, created, updated, null);
    }

    public SnapshotRecord withLabels(Map<String, String> newLabels, Instant now) {
        return new SnapshotRecord(key, id, kind, parent, parentIds, newLabels, created, now, usage);
    }
}
