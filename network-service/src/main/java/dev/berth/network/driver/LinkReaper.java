package dev.berth.network.driver;

import dev.berth.network.host.IpRoute;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the host ends of veth pairs whose container namespace is being removed, one after
 * another on a thread of its own. Deleting a veth waits ~20 ms in the kernel (an RCU grace
 * period), which a container's exit need not wait for: once its namespace is gone no process
 * can use the pair, and the kernel destroys both ends with the namespace anyway; this makes sure
 * of it when something else still holds the namespace. A link that is already gone is fine.
 * Pending deletions finish at close; what a crash leaves, the next start sweeps as a stray.
 */
public final class LinkReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkReaper.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final IpRoute ip;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable ->
            Thread.ofPlatform().name("link-reaper").daemon(true).unstarted(runnable));

    public LinkReaper(IpRoute ip) {
        this.ip = ip;
    }

    /** Deletes {@code link} soon, after the deletions asked before it. */
    public void deleteLater(String link) {
        worker.execute(() -> {
            try {
                ip.deleteLinkIfExists(link);
            } catch (RuntimeException e) {
                LOG.warn("could not delete {}: {}; the next start removes it as a stray", link, e.getMessage());
            }
        });
    }

    /** Waits for the deletions asked so far. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("veth deletions still pending after {} s; the next start removes what is left", CLOSE_WAIT_SECONDS);
        }
    }
}
