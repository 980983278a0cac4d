package dev.berth.snapshot.meta;

/** What a snapshot is: a writable active one, a read-only view, or an immutable committed parent. */
public enum SnapshotKind {
    VIEW,
    ACTIVE,
    COMMITTED
}
