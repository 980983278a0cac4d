package dev.berth.content.gc;

import dev.berth.api.containerd.snapshots.v1.Info;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes unreachable snapshots of one snapshotter in one namespace through the snapshotter's
 * API, leaves first: a snapshotter refuses to remove a parent while it has children. A snapshot
 * that cannot be removed (a child appeared, the call timed out) stays, and so does its parent,
 * until the next collection.
 */
final class SnapshotSweep {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSweep.class);

    private SnapshotSweep() {}

    /**
     * @param all every snapshot of the snapshotter in the namespace, by key
     * @param garbage the keys to remove
     * @return how many were removed
     */
    static int run(SnapshotterClient client, String namespace, String snapshotter, Map<String, Info> all, Set<String> garbage) {
        Map<String, Integer> children = new HashMap<>();
        for (Info info : all.values()) {
            if (!info.getParent().isEmpty()) {
                children.merge(info.getParent(), 1, Integer::sum);
            }
        }
        Set<String> left = new HashSet<>(garbage);
        int removed = 0;
        boolean progress = true;
        while (progress && !left.isEmpty()) {
            progress = false;
            for (String key : Set.copyOf(left)) {
                if (children.getOrDefault(key, 0) > 0) {
                    continue;
                }
                left.remove(key);
                try {
                    client.remove(namespace, snapshotter, key);
                } catch (RuntimeException e) {
                    LOG.warn("gc: cannot remove snapshot {}/{} in namespace {}: {}", snapshotter, key, namespace, e.getMessage());
                    continue;
                }
                removed++;
                progress = true;
                String parent = all.get(key).getParent();
                if (!parent.isEmpty()) {
                    children.merge(parent, -1, Integer::sum);
                }
            }
        }
        return removed;
    }
}
