package dev.berth.content.gc;

import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.leases.v1.Lease;
import dev.berth.content.blob.BlobStore;
import dev.berth.content.Digest;
import dev.berth.content.image.ImageStore;
import dev.berth.content.lease.LeaseExpiry;
import dev.berth.content.lease.LeaseStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The mark phase for one namespace, after containerd's metadata/gc.go. Roots: image targets (and
 * their label references), the resources of leases that have not expired, content and snapshots
 * labelled {@code containerd.io/gc.root}. Edges: the reference labels of content and snapshots,
 * and a snapshot's parent. What is not reached from a root is garbage.
 */
final class NamespaceMark {
    private final String namespace;
    private final Map<GcNode, Map<String, String>> contentLabels = new HashMap<>();
    private final Map<GcNode, dev.berth.api.containerd.snapshots.v1.Info> snapshots;
    private final Set<GcNode> live = new HashSet<>();
    private final Deque<GcNode> pending = new ArrayDeque<>();

    private NamespaceMark(String namespace, Map<GcNode, dev.berth.api.containerd.snapshots.v1.Info> snapshots) {
        this.namespace = namespace;
        this.snapshots = snapshots;
    }

    /**
     * Marks everything reachable in {@code namespace}.
     *
     * @param snapshots the namespace's snapshots by node, as the snapshotter listed them
     */
    static NamespaceMark run(String namespace, BlobStore blobs, ImageStore images, LeaseStore leases,
            Map<GcNode, dev.berth.api.containerd.snapshots.v1.Info> snapshots, Instant now) {
        NamespaceMark mark = new NamespaceMark(namespace, snapshots);
        blobs.forEach(namespace, info -> mark.content(info));
        for (Image image : images.list(namespace, image -> true)) {
            mark.reach(GcNode.content(image.getTarget().getDigest()));
            LabelReferences.forEach(image.getLabelsMap(), mark::reach);
        }
        for (Lease lease : leases.list(namespace, lease -> !LeaseExpiry.isExpired(lease, now))) {
            leases.resourcesOf(namespace, lease.getId()).forEach(resource -> mark.reach(GcNode.of(resource)));
        }
        snapshots.forEach((node, info) -> {
            if (LabelReferences.isRoot(info.getLabelsMap())) {
                mark.reach(node);
            }
        });
        mark.propagate();
        return mark;
    }

    private void content(Info info) {
        GcNode node = GcNode.content(info.getDigest());
        contentLabels.put(node, info.getLabelsMap());
        if (LabelReferences.isRoot(info.getLabelsMap())) {
            reach(node);
        }
    }

    private void reach(GcNode node) {
        if (live.add(node)) {
            pending.add(node);
        }
    }

    private void propagate() {
        while (!pending.isEmpty()) {
            GcNode node = pending.poll();
            Map<String, String> labels = contentLabels.get(node);
            if (labels != null) {
                LabelReferences.forEach(labels, this::reach);
            }
            dev.berth.api.containerd.snapshots.v1.Info snapshot = snapshots.get(node);
            if (snapshot != null) {
                if (!snapshot.getParent().isEmpty()) {
                    reach(new GcNode(node.type(), snapshot.getParent()));
                }
                LabelReferences.forEach(snapshot.getLabelsMap(), this::reach);
            }
        }
    }

    String namespace() {
        return namespace;
    }

    /** The blob records of the namespace that nothing reaches. */
    Set<Digest> unreachableContent() {
        Set<Digest> garbage = new HashSet<>();
        for (GcNode node : contentLabels.keySet()) {
            if (!live.contains(node)) {
                garbage.add(Digest.parse(node.id()));
            }
        }
        return garbage;
    }

    /** The snapshots of the namespace that nothing reaches. */
    Set<GcNode> unreachableSnapshots() {
        Set<GcNode> garbage = new HashSet<>(snapshots.keySet());
        garbage.removeAll(live);
        return garbage;
    }
}
