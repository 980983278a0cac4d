package dev.berth.content.ingest;

import dev.berth.content.StoreException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer per ingest ref at a time, as containerd's ref locks: a second taker is refused at
 * once with UNAVAILABLE, in containerd's words ({@code ref <ref> locked for <duration> (since
 * <time>): unavailable}), so a client can tell a dead lock (long duration) from contention. Locks
 * are not thread-bound: a stream's messages are served on different threads.
 */
final class RefLocks {
    private static final DateTimeFormatter GO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS Z 'UTC'").withZone(ZoneOffset.UTC);

    private final ConcurrentHashMap<String, Instant> held = new ConcurrentHashMap<>();

    /** Takes the lock of {@code ref} or refuses at once; the returned handle releases it (once). */
    Runnable acquire(String ref) {
        Instant now = Instant.now();
        Instant since = held.putIfAbsent(ref, now);
        if (since != null) {
            throw locked(ref, since, now);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                held.remove(ref, now);
            }
        };
    }

    /**
     * Takes the lock of {@code ref}, waiting up to {@code patience} for its holder: for Abort, which
     * a client typically sends right after ending its stream, before the server has seen the end.
     */
    Runnable acquire(String ref, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return acquire(ref);
            } catch (StoreException locked) {
                if (System.nanoTime() > deadline) {
                    throw locked;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StoreException.unavailable("ref " + ref + " locked");
            }
        }
    }

    private static StoreException locked(String ref, Instant since, Instant now) {
        return StoreException.unavailable("ref " + ref + " locked for " + goDuration(Duration.between(since, now))
                + " (since " + GO_TIME.format(since) + ")");
    }

    /** A duration as Go's time.Duration prints it: 1.5s, 2m3.25s, 12.3ms, 800µs. */
    static String goDuration(Duration duration) {
        long nanos = Math.max(0, duration.toNanos());
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return decimal(nanos, 3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return decimal(nanos, 6) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        String seconds = decimal(nanos % 60_000_000_000L, 9) + "s";
        return hours > 0 ? hours + "h" + minutes + "m" + seconds : minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static String decimal(long value, int scale) {
        return BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
    }
}
