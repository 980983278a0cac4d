package dev.berth.gateway.container.runtime;

import dev.berth.api.runtime.v1.WaitResponse;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread per running container, blocked in the shim's Wait. When the shim itself
 * disappears, its exit.json (which outlives it) tells the exit status; without one the
 * container is recorded as exited with 255, "shim is gone".
 */
final class ExitMonitor implements AutoCloseable {
    static final int SHIM_GONE_EXIT = 255;
    static final String SHIM_GONE = "shim is gone";
    private static final Logger log = LoggerFactory.getLogger(ExitMonitor.class);

    /** Receives the exit of run {@code run} of a container. */
    interface ExitHandler {
        void exited(ManagedContainer container, long run, int exitStatus, Instant exitedAt, String error);
    }

    private final ExitHandler handler;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ExitMonitor(ExitHandler handler) {
        this.handler = handler;
    }

    void watch(ManagedContainer container, ShimConnection shim, long run, Path exitFile) {
        if (closed) {
            return;
        }
        Thread thread = Thread.ofVirtual().name("exit-monitor-" + container.id.substring(0, 12)).unstarted(() -> {
            try {
                monitor(container, shim, run, exitFile);
            } catch (RuntimeException e) {
                log.error("exit monitor of {} failed", container.id, e);
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(thread);
        thread.start();
    }

    private void monitor(ManagedContainer container, ShimConnection shim, long run, Path exitFile) {
        int failures = 0;
        while (!closed && !container.removed) {
            try {
                WaitResponse exit = shim.awaitExit();
                if (!closed) {
                    handler.exited(container, run, exit.getExitStatus(), ShimConnection.instant(exit.getExitedAt()), null);
                }
                return;
            } catch (StatusRuntimeException e) {
                if (closed || container.removed) {
                    return;
                }
                // A broken call is not yet a dead shim: ask it again before giving up on it.
                if (++failures < 5 && shim.healthy(1000)) {
                    continue;
                }
                log.warn("lost the shim of container {}: {}", container.id, e.getStatus());
                ExitFile recorded = ExitFile.read(exitFile).orElse(null);
                if (recorded != null) {
                    handler.exited(container, run, recorded.exitStatus(), recorded.exitedAt(), null);
                } else {
                    handler.exited(container, run, SHIM_GONE_EXIT, Instant.now(), SHIM_GONE);
                }
                return;
            }
        }
    }

    /** Stops watching; the containers and their shims keep running. */
    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        threads.clear();
    }
}
