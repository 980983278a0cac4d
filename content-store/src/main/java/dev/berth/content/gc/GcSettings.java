package dev.berth.content.gc;

import java.time.Duration;
import java.util.List;

/**
 * How garbage collection runs.
 *
 * @param snapshotterAddress the snapshotter's address ({@code snapshotter.address}); null leaves snapshots alone
 * @param snapshotters the snapshotters whose snapshots are collected ({@code gc.snapshotters})
 * @param delay how long after a delete the scheduled collection runs (deletes in between share it)
 * @param interval the periodic collection, which also takes what expired leases held
 * @param callDeadline the deadline of every call to the snapshotter
 * @param enabled whether this store collects at all ({@code gc.enabled}): off when the store is the
 *                backend of containerd's proxy plugin, since containerd keeps the references (image
 *                records, labels, leases) in its own metadata and collects through the proxy itself
 */
public record GcSettings(String snapshotterAddress, List<String> snapshotters, Duration delay, Duration interval,
        Duration callDeadline, boolean enabled) {
    public static GcSettings defaults() {
        return new GcSettings(null, List.of("overlayfs"), Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(30), true);
    }

    public GcSettings withSnapshotter(String address, List<String> names) {
        return new GcSettings(address, names, delay, interval, callDeadline, enabled);
    }

    public GcSettings withDelay(Duration newDelay) {
        return new GcSettings(snapshotterAddress, snapshotters, newDelay, interval, callDeadline, enabled);
    }

    public GcSettings withEnabled(boolean on) {
        return new GcSettings(snapshotterAddress, snapshotters, delay, interval, callDeadline, on);
    }
}
