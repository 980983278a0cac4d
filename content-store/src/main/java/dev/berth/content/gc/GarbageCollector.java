package dev.berth.content.gc;

import dev.berth.api.containerd.snapshots.v1.Info;
import dev.berth.content.Digest;
import dev.berth.content.blob.BlobStore;
import dev.berth.content.image.ImageStore;
import dev.berth.content.lease.LeaseStore;
import dev.berth.content.store.ReferenceLock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One garbage collection over every namespace the store knows (from its blob records, images and
 * leases), as containerd's: list the snapshots, mark what is reachable (see {@link NamespaceMark}),
 * remove unreachable blob records (and files no namespace refers to any more) while no change can
 * add a reference, then remove unreachable snapshots through the snapshotter and let it clean up.
 * Nothing created after the collection started is removed; ingests are never collected.
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    /** What one collection removed. */
    public record Result(int records, int files, int snapshots, Duration took) {}

    private final BlobStore blobs;
    private final ImageStore images;
    private final LeaseStore leases;
    private final ReferenceLock references;
    private final GcSettings settings;
    private final SnapshotterClient snapshotter;
    private boolean toldNoSnapshotter;

    public GarbageCollector(BlobStore blobs, ImageStore images, LeaseStore leases, ReferenceLock references, GcSettings settings) {
        this.blobs = blobs;
        this.images = images;
        this.leases = leases;
        this.references = references;
        this.settings = settings;
        this.snapshotter = settings.snapshotterAddress() == null ? null
                : new SnapshotterClient(settings.snapshotterAddress(), settings.callDeadline());
    }

    public synchronized Result collect() throws IOException {
        Instant start = Instant.now();
        long began = System.nanoTime();
        Set<String> namespaces = new TreeSet<>(blobs.namespaces());
        namespaces.addAll(images.namespaces());
        namespaces.addAll(leases.namespaces());
        Map<String, Map<GcNode, Info>> snapshots = new HashMap<>();
        for (String namespace : namespaces) {
            Map<GcNode, Info> listed = listSnapshots(namespace);
            if (listed != null) {
                snapshots.put(namespace, listed);
            }
        }
        int[] removed = new int[2];
        List<NamespaceMark> marks = references.collecting(() -> {
            List<NamespaceMark> done = new ArrayList<>();
            for (String namespace : snapshots.keySet()) {
                NamespaceMark mark = NamespaceMark.run(namespace, blobs, images, leases, snapshots.get(namespace), start);
                for (Digest digest : mark.unreachableContent()) {
                    switch (blobs.collect(namespace, digest, start)) {
                        case RECORD -> removed[0]++;
                        case RECORD_AND_FILE -> {
                            removed[0]++;
                            removed[1]++;
                        }
                        case NOTHING -> { }
                    }
                }
                done.add(mark);
            }
            return done;
        });
        int removedSnapshots = 0;
        for (NamespaceMark mark : marks) {
            removedSnapshots += removeSnapshots(mark, snapshots.get(mark.namespace()), start);
        }
        Result result = new Result(removed[0], removed[1], removedSnapshots, Duration.ofNanos(System.nanoTime() - began));
        LOG.info("gc: removed {} blob records, {} blob files and {} snapshots in {} ms", result.records(), result.files(),
                result.snapshots(), result.took().toMillis());
        return result;
    }

    /**
     * The namespace's snapshots of every collected snapshotter; empty when no snapshotter is
     * configured; null when one cannot be listed, so the namespace is skipped this time (its
     * snapshots' labels may hold content).
     */
    private Map<GcNode, Info> listSnapshots(String namespace) {
        Map<GcNode, Info> listed = new HashMap<>();
        if (snapshotter == null) {
            if (!toldNoSnapshotter) {
                LOG.info("gc: no snapshotter.address configured, snapshots are left alone");
                toldNoSnapshotter = true;
            }
            return listed;
        }
        for (String name : settings.snapshotters()) {
            try {
                for (Info info : snapshotter.list(namespace, name)) {
                    listed.put(GcNode.snapshot(name, info.getName()), info);
                }
            } catch (RuntimeException e) {
                LOG.warn("gc: cannot list snapshots of {} in namespace {}, skipping the namespace: {}", name, namespace, e.getMessage());
                return null;
            }
        }
        return listed;
    }

    private int removeSnapshots(NamespaceMark mark, Map<GcNode, Info> listed, Instant start) {
        if (snapshotter == null) {
            return 0;
        }
        int removed = 0;
        for (String name : settings.snapshotters()) {
            Map<String, Info> all = new HashMap<>();
            Set<String> garbage = new HashSet<>();
            String type = GcNode.snapshot(name, "").type();
            listed.forEach((node, info) -> {
                if (node.type().equals(type)) {
                    all.put(node.id(), info);
                }
            });
            for (GcNode node : mark.unreachableSnapshots()) {
                Info info = listed.get(node);
                if (node.type().equals(type) && createdBefore(info, start)) {
                    garbage.add(node.id());
                }
            }
            if (garbage.isEmpty()) {
                continue;
            }
            int count = SnapshotSweep.run(snapshotter, mark.namespace(), name, all, garbage);
            removed += count;
            if (count > 0) {
                try {
                    snapshotter.cleanup(mark.namespace(), name);
                } catch (RuntimeException e) {
                    LOG.warn("gc: cleanup of snapshotter {} failed: {}", name, e.getMessage());
                }
            }
        }
        return removed;
    }

    private static boolean createdBefore(Info info, Instant instant) {
        return Instant.ofEpochSecond(info.getCreatedAt().getSeconds(), info.getCreatedAt().getNanos()).isBefore(instant);
    }

    @Override
    public void close() {
        if (snapshotter != null) {
            snapshotter.close();
        }
    }
}
