package dev.berth.content.ingest;

import dev.berth.content.StoreException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One writer per ingest ref at a time, as containerd's ref locks. A waiter gets a short grace
 * period, because a client that just closed a stream may reopen the ref before the server has
 * processed the close; then it is refused with UNAVAILABLE. Locks are not thread-bound: a
 * stream's messages are served on different threads.
 */
final class RefLocks {
    private final ConcurrentHashMap<String, Boolean> held = new ConcurrentHashMap<>();
    private final Duration grace;

    RefLocks(Duration grace) {
        this.grace = grace;
    }

    /** Takes the lock of {@code ref}; the returned handle releases it (once). */
    Runnable acquire(String ref) {
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = 1;
        while (held.putIfAbsent(ref, Boolean.TRUE) != null) {
            if (System.nanoTime() > deadline) {
                throw StoreException.unavailable("ref " + ref + " locked");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StoreException.unavailable("ref " + ref + " locked");
            }
            pause = Math.min(pause * 2, 64);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                held.remove(ref);
            }
        };
    }
}
