package dev.berth.gateway.container.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One container while the gateway runs: its current record, the client of its shim and its
 * waiters. Every state transition happens under {@link #lock}, and the record is persisted
 * before it is published.
 */
final class ManagedContainer {
    final String id;
    final ReentrantLock lock = new ReentrantLock();
    final Waiters waiters = new Waiters();

    private volatile ContainerRecord record;
    /** Its shim, reached through the host of its group. */
    volatile TaskClient task;
    /** Whether its shim host has been given the container (Create); guarded by {@link #lock}. */
    boolean taskCreated;
    /** Counts starts, so a monitor of an earlier run never records an exit for a later one. Guarded by lock. */
    long run;
    /** Stopped or killed by a user since its last start: restart policies leave it stopped. */
    volatile boolean stoppedByUser;
    /** Its health check's state while it runs (HealthMonitor's); null without one. */
    volatile dev.berth.gateway.container.HealthState health;
    /** The last back-off before a restart by its policy (RestartSupervisor's). */
    volatile java.time.Duration restartDelay;
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
