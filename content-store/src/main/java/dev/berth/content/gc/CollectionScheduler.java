package dev.berth.content.gc;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When collections run: one at a time on one thread; {@link #soon()} after a delete (deletes in
 * the delay share one collection), {@link #now()} for a sync delete, and periodically for leases
 * that expired. Never, with {@code gc.enabled=false}.
 */
public final class CollectionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionScheduler.class);

    private final GarbageCollector collector;
    private final GcSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("content-gc").factory());
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public CollectionScheduler(GarbageCollector collector, GcSettings settings) {
        this.collector = collector;
        this.settings = settings;
    }

    public void startPeriodic() {
        if (!settings.enabled()) {
            LOG.info("gc: collection is off (gc.enabled=false): whoever keeps the references collects");
            return;
        }
        long every = settings.interval().toMillis();
        thread.scheduleWithFixedDelay(this::collectLogged, every, every, TimeUnit.MILLISECONDS);
    }

    /** Schedules a collection shortly, unless one is already scheduled. */
    public void soon() {
        if (settings.enabled() && scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    scheduled.set(false);
                    collectLogged();
                }, settings.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false); // shutting down
            }
        }
    }

    /** Runs a collection (after any running one) and waits for it. */
    public GarbageCollector.Result now() throws Exception {
        if (!settings.enabled()) {
            return new GarbageCollector.Result(0, 0, 0, java.time.Duration.ZERO);
        }
        try {
            return thread.submit(collector::collect).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void collectLogged() {
        try {
            collector.collect();
        } catch (Exception e) {
            LOG.error("gc: collection failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        collector.close();
    }
}
