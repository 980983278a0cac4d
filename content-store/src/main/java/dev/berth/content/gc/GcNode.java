package dev.berth.content.gc;

import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.content.lease.LeaseResources;

/**
 * A thing garbage collection can keep or remove, named as lease resources name them: type
 * {@code content} (id = digest) or {@code snapshots/<snapshotter>} (id = snapshot key).
 */
record GcNode(String type, String id) {
    static GcNode content(String digest) {
        return new GcNode(LeaseResources.CONTENT, digest);
    }

    static GcNode snapshot(String snapshotter, String key) {
        return new GcNode(LeaseResources.SNAPSHOTS_PREFIX + snapshotter, key);
    }

    static GcNode of(Resource resource) {
        return new GcNode(resource.getType(), resource.getId());
    }
}
