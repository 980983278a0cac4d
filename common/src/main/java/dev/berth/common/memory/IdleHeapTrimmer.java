package dev.berth.common.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives heap back to the system once a service goes quiet. The serial collector grows the heap
 * under load (a pull, a build) and shrinks it only at a full collection, which an idle service
 * never reaches by itself; so after an interval with no collection at all (nothing allocating)
 * and a heap well above what is live, one full collection lets it shrink to its live data plus
 * -XX:MaxHeapFreeRatio. It does nothing more until the service has worked again.
 */
public final class IdleHeapTrimmer {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapTrimmer.class);
    /** Not worth a full collection below this much room above the live data. */
    private static final long MIN_SLACK_BYTES = 4L * 1024 * 1024;

    private final Duration interval;
    private long lastCollections = -1;
    private boolean trimmedSinceWork;

    IdleHeapTrimmer(Duration interval) {
        this.interval = interval;
    }

    /** Starts the trimmer on a daemon thread of its own. */
    public static void start(Duration interval) {
        IdleHeapTrimmer trimmer = new IdleHeapTrimmer(interval);
        Thread.ofPlatform().daemon().name("idle-heap-trimmer").start(trimmer::run);
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(interval);
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look: quiet since the last one, and room to give back? Then collect once. */
    void check() {
        long collections = collections();
        boolean quiet = collections == lastCollections;
        lastCollections = collections;
        if (!quiet) {
            trimmedSinceWork = false;
            return;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (trimmedSinceWork || heap.getCommitted() - heap.getUsed() < MIN_SLACK_BYTES) {
            return;
        }
        System.gc();
        trimmedSinceWork = true;
        lastCollections = collections(); // its own collection is not work
        MemoryUsage after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        LOG.debug("idle: heap {} -> {} KiB committed, {} KiB live", heap.getCommitted() / 1024, after.getCommitted() / 1024,
                after.getUsed() / 1024);
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}
