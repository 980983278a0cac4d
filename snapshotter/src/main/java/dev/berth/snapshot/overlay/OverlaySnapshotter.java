package dev.berth.snapshot.overlay;

import static dev.berth.snapshot.Errdefs.alreadyExists;
import static dev.berth.snapshot.Errdefs.failedPrecondition;
import static dev.berth.snapshot.Errdefs.invalidArgument;
import static dev.berth.snapshot.Errdefs.notFound;

import dev.berth.api.containerd.types.Mount;
import dev.berth.common.fs.DurableFiles;
import dev.berth.snapshot.fs.DiskUsage;
import dev.berth.snapshot.meta.MetaStore;
import dev.berth.snapshot.meta.SnapshotKind;
import dev.berth.snapshot.meta.SnapshotRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An overlayfs snapshotter modelled on containerd's snapshots/overlay: metadata in a
 * {@link MetaStore}, one directory per snapshot, mounts computed from the metadata.
 * Every change holds one lock while it reads the records it depends on and writes one synced
 * WriteBatch (containerd does each change in one bolt transaction), so no change is decided on a
 * stale read and Cleanup never sees another call's temp directory. Readers take no lock: RocksDB
 * applies a WriteBatch atomically, so they see a change whole or not at all.
 */
public final class OverlaySnapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlaySnapshotter.class);
    private static final int MAX_LABEL_SIZE = 4096;

    private final SnapshotDirs dirs;
    private final MetaStore meta;
    private final ReentrantLock changes = new ReentrantLock();

    private OverlaySnapshotter(SnapshotDirs dirs, MetaStore meta) {
        this.dirs = dirs;
        this.meta = meta;
    }

    /** Opens the snapshotter at {@code root} and removes directories a crash left unreferenced. */
    public static OverlaySnapshotter open(Path root) throws Exception {
        SnapshotDirs dirs = SnapshotDirs.create(root);
        MetaStore meta = MetaStore.open(root.resolve("meta"));
        OverlaySnapshotter snapshotter = new OverlaySnapshotter(dirs, meta);
        try {
            snapshotter.cleanup();
        } catch (Exception e) {
            meta.close();
            throw e;
        }
        return snapshotter;
    }

    public SnapshotDirs dirs() {
        return dirs;
    }

    public SnapshotRecord prepare(String ns, String key, String parent, Map<String, String> labels) throws Exception {
        return create(ns, SnapshotKind.ACTIVE, key, parent, labels);
    }

    public SnapshotRecord view(String ns, String key, String parent, Map<String, String> labels) throws Exception {
        return create(ns, SnapshotKind.VIEW, key, parent, labels);
    }

    /** The mounts of an active or view snapshot, a pure function of its record. */
    public List<Mount> mountsOf(SnapshotRecord record) {
        return OverlayMounts.of(record, dirs);
    }

    /**
     * containerd's createSnapshot: build the directory under a temp name, prepare the metadata
     * batch, rename the directory into place, then write the batch; on failure remove the directory.
     */
    private SnapshotRecord create(String ns, SnapshotKind kind, String key, String parent, Map<String, String> labels)
            throws Exception {
        requireKey("key", key);
        validateLabels(labels);
        changes.lock();
        try {
            if (meta.get(ns, key).isPresent()) {
                throw alreadyExists("snapshot " + key);
            }
            List<Long> parentIds = new ArrayList<>();
            if (!parent.isEmpty()) {
                SnapshotRecord parentRecord = meta.get(ns, parent)
                        .orElseThrow(() -> notFound("parent snapshot " + parent));
                if (parentRecord.kind() != SnapshotKind.COMMITTED) {
                    throw failedPrecondition("parent " + parent + " is not a committed snapshot");
                }
                parentIds.add(parentRecord.id());
                parentIds.addAll(parentRecord.parentIds());
            }
            long id = meta.lastId() + 1;
            Instant now = Instant.now();
            SnapshotRecord record = new SnapshotRecord(key, id, kind, parent, parentIds, labels, now, now);
            Path temp = dirs.createTemp(kind == SnapshotKind.ACTIVE);
            Path placed = null;
            try (MetaStore.Batch batch = meta.batch()) {
                if (!parentIds.isEmpty()) {
                    copyOwner(dirs.fs(parentIds.getFirst()), temp.resolve("fs"));
                }
                batch.setLastId(id).put(ns, record);
                if (!parent.isEmpty()) {
                    batch.addChild(ns, parent, key);
                }
                dirs.moveIntoPlace(temp, id);
                placed = dirs.dir(id);
                meta.write(batch);
            } catch (Exception e) {
                DurableFiles.deleteTree(placed != null ? placed : temp);
                throw e;
            }
            return record;
        } finally {
            changes.unlock();
        }
    }

    public List<Mount> mounts(String ns, String key) throws Exception {
        SnapshotRecord record = stat(ns, key);
        if (record.kind() == SnapshotKind.COMMITTED) {
            throw failedPrecondition("requested snapshot " + key + " not active or view");
        }
        return OverlayMounts.of(record, dirs);
    }

    /**
     * Turns an active snapshot into a committed one named {@code name}; the labels replace the old
     * ones. Its usage is measured now and kept in the record, as containerd's overlay Commit does;
     * the walk runs before the lock is taken (it may be long), and the record is checked again under it.
     */
    public SnapshotRecord commit(String ns, String name, String key, Map<String, String> labels) throws Exception {
        requireKey("name", name);
        requireKey("key", key);
        validateLabels(labels);
        SnapshotRecord measured = requireActive(ns, key);
        DiskUsage.Usage usage = usageOfTree(measured, key);
        changes.lock();
        try {
            if (meta.get(ns, name).isPresent()) {
                throw alreadyExists("snapshot " + name);
            }
            SnapshotRecord active = requireActive(ns, key);
            if (active.id() != measured.id()) {
                // removed and prepared again while we walked: measure what is there now
                usage = usageOfTree(active, key);
            }
            Instant now = Instant.now();
            SnapshotRecord committed = new SnapshotRecord(name, active.id(), SnapshotKind.COMMITTED, active.parent(),
                    active.parentIds(), labels, now, now, usage);
            try (MetaStore.Batch batch = meta.batch()) {
                batch.delete(ns, key).put(ns, committed);
                if (!active.parent().isEmpty()) {
                    batch.removeChild(ns, active.parent(), key).addChild(ns, active.parent(), name);
                }
                meta.write(batch);
            }
            return active;
        } finally {
            changes.unlock();
        }
    }

    private SnapshotRecord requireActive(String ns, String key) throws Exception {
        SnapshotRecord active = stat(ns, key);
        if (active.kind() != SnapshotKind.ACTIVE) {
            throw failedPrecondition("snapshot " + key + " is not active");
        }
        return active;
    }

    /** Removes a snapshot without children: metadata first, then its directory. */
    public void remove(String ns, String key) throws Exception {
        requireKey("key", key);
        changes.lock();
        try {
            SnapshotRecord record = stat(ns, key);
            if (meta.hasChildren(ns, key)) {
                throw failedPrecondition("cannot remove snapshot with child");
            }
            removeLocked(ns, record);
        } finally {
            changes.unlock();
        }
    }

    /**
     * Undoes a Prepare or View whose call failed after the snapshot was made (its lease could not
     * be recorded): removes it if it is still the snapshot that call made and has no child.
     */
    public void undoCreate(String ns, SnapshotRecord created) throws Exception {
        changes.lock();
        try {
            SnapshotRecord current = meta.get(ns, created.key()).orElse(null);
            if (current == null || current.id() != created.id() || current.kind() != created.kind()
                    || meta.hasChildren(ns, created.key())) {
                LOG.warn("not undoing snapshot {}: changed since it was made", created.key());
                return;
            }
            removeLocked(ns, current);
        } finally {
            changes.unlock();
        }
    }

    /**
     * Undoes a Commit whose call failed afterwards: committed snapshot {@code name} becomes the
     * active snapshot it was made from again, if nothing was built on it meanwhile.
     */
    public void undoCommit(String ns, String name, SnapshotRecord active) throws Exception {
        changes.lock();
        try {
            SnapshotRecord committed = meta.get(ns, name).orElse(null);
            if (committed == null || committed.id() != active.id() || meta.hasChildren(ns, name)
                    || meta.get(ns, active.key()).isPresent()) {
                LOG.warn("not undoing the commit of {} as {}: changed since", active.key(), name);
                return;
            }
            try (MetaStore.Batch batch = meta.batch()) {
                batch.delete(ns, name).put(ns, active);
                if (!active.parent().isEmpty()) {
                    batch.removeChild(ns, active.parent(), name).addChild(ns, active.parent(), active.key());
                }
                meta.write(batch);
            }
        } finally {
            changes.unlock();
        }
    }

    private void removeLocked(String ns, SnapshotRecord record) throws Exception {
        try (MetaStore.Batch batch = meta.batch()) {
            batch.delete(ns, record.key());
            if (!record.parent().isEmpty()) {
                batch.removeChild(ns, record.parent(), record.key());
            }
            meta.write(batch);
        }
        try {
            dirs.discard(dirs.dir(record.id()));
        } catch (IOException e) {
            // the metadata is gone; Cleanup or the next start removes what is left
            LOG.warn("removing the directory of snapshot {} (id {}) failed: {}", record.key(), record.id(), e.toString());
        }
    }

    public SnapshotRecord stat(String ns, String key) throws Exception {
        requireKey("key", key);
        return meta.get(ns, key).orElseThrow(() -> notFound("snapshot " + key));
    }

    /**
     * Updates labels as containerd's metastore does: no paths replaces all labels, "labels"
     * likewise, "labels.&lt;k&gt;" sets or (when absent or empty) deletes one label.
     */
    public SnapshotRecord update(String ns, String key, Map<String, String> labels, List<String> paths)
            throws Exception {
        requireKey("key", key);
        changes.lock();
        try {
            SnapshotRecord record = stat(ns, key);
            Map<String, String> updated = new TreeMap<>(record.labels());
            if (paths.isEmpty()) {
                updated = new TreeMap<>(labels);
            }
            for (String path : paths) {
                if (path.equals("labels")) {
                    updated = new TreeMap<>(labels);
                } else if (path.startsWith("labels.") && path.length() > "labels.".length()) {
                    String label = path.substring("labels.".length());
                    String value = labels.getOrDefault(label, "");
                    if (value.isEmpty()) {
                        updated.remove(label);
                    } else {
                        updated.put(label, value);
                    }
                } else {
                    throw invalidArgument("cannot update \"" + path + "\" field on snapshot \"" + key + "\"");
                }
            }
            updated.values().removeIf(String::isEmpty);
            validateLabels(updated);
            SnapshotRecord changed = record.withLabels(updated, Instant.now());
            try (MetaStore.Batch batch = meta.batch()) {
                meta.write(batch.put(ns, changed));
            }
            return changed;
        } finally {
            changes.unlock();
        }
    }

    public List<SnapshotRecord> list(String ns) {
        return meta.list(ns);
    }

    /** A committed snapshot's usage is the one recorded at commit; an active or view one is walked now. */
    public DiskUsage.Usage usage(String ns, String key) throws Exception {
        SnapshotRecord record = stat(ns, key);
        return record.usage() != null ? record.usage() : usageOfTree(record, key);
    }

    private DiskUsage.Usage usageOfTree(SnapshotRecord record, String key) throws IOException {
        try {
            return DiskUsage.usage(dirs.fs(record.id()));
        } catch (NoSuchFileException e) {
            throw notFound("snapshot " + key); // removed while it was being measured
        }
    }

    /** Removes every directory under snapshots/ that no snapshot of any namespace refers to. */
    public int cleanup() throws Exception {
        changes.lock();
        try {
            Set<Long> referenced = meta.referencedIds();
            int removed = 0;
            for (Path entry : dirs.entries()) {
                Long id = SnapshotDirs.idOf(entry);
                if (id == null || !referenced.contains(id)) {
                    LOG.info("removing unreferenced snapshot directory {}", entry);
                    dirs.discard(entry);
                    removed++;
                }
            }
            return removed;
        } finally {
            changes.unlock();
        }
    }

    @Override
    public void close() {
        changes.lock();
        try {
            meta.close();
        } finally {
            changes.unlock();
        }
    }

    private static void copyOwner(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                LinkOption.NOFOLLOW_LINKS);
    }

    private static void requireKey(String what, String key) {
        if (key.isEmpty()) {
            throw invalidArgument("snapshot " + what + " must not be empty");
        }
        if (key.indexOf('\0') >= 0) {
            throw invalidArgument("snapshot " + what + " must not contain NUL");
        }
    }

    private static void validateLabels(Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey().length() + label.getValue().length() > MAX_LABEL_SIZE) {
                throw invalidArgument("label key and value greater than maximum size (" + MAX_LABEL_SIZE
                        + " bytes), key: " + label.getKey());
            }
            if (label.getKey().isEmpty()) {
                throw invalidArgument("label key must not be empty");
            }
        }
    }
}
