package dev.berth.gateway.container.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One container while the gateway runs: its current record, the connection to its shim and its
 * waiters. Every state transition happens under {@link #lock}, and the record is persisted
 * before it is published.
 */
final class ManagedContainer {
    final String id;
    final ReentrantLock lock = new ReentrantLock();
    final Waiters waiters = new Waiters();

    private volatile ContainerRecord record;
    /** Guarded by {@link #lock}. */
    ShimConnection shim;
    /** Counts starts, so a monitor of an earlier run never records an exit for a later one. Guarded by lock. */
    long run;
    /** Set once the container is gone, so late callers see it as unknown. */
    volatile boolean removed;

    ManagedContainer(ContainerRecord record) {
        this.id = record.id();
        this.record = record;
    }

    ContainerRecord record() {
        return record;
    }

    /** Publishes a record that has been persisted; call with {@link #lock} held. */
    void publish(ContainerRecord newRecord) {
        this.record = newRecord;
    }
}
