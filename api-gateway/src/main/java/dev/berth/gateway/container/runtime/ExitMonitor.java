package dev.berth.gateway.container.runtime;

import dev.berth.api.runtime.v1.WaitResponse;
import dev.berth.gateway.api.DockerApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread per running container, blocked in its shim's Wait. When the shim host
 * goes away (a crash), the next Wait relaunches it and the new host, which takes its containers
 * back, answers for the container: with its exit if it ended meanwhile. Only a host that cannot
 * be started again leaves the container recorded as exited with 255, "shim host is gone".
 */
final class ExitMonitor implements AutoCloseable {
    static final int SHIM_GONE_EXIT = 255;
    static final String SHIM_GONE = "shim host is gone";
    private static final Logger log = LoggerFactory.getLogger(ExitMonitor.class);
    private static final int ATTEMPTS = 5;

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

    void watch(ManagedContainer container, TaskClient task, long run) {
        if (closed) {
            return;
        }
        Thread thread = Thread.ofVirtual().name("exit-monitor-" + container.id.substring(0, 12)).unstarted(() -> {
            try {
                monitor(container, task, run);
            } catch (RuntimeException e) {
                log.error("exit monitor of {} failed", container.id, e);
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(thread);
        thread.start();
    }

    private void monitor(ManagedContainer container, TaskClient task, long run) {
        int failures = 0;
        while (!closed && !container.removed && container.run == run) {
            try {
                WaitResponse exit = task.awaitExit("");
                if (!closed) {
                    handler.exited(container, run, exit.getExitStatus(), TaskClient.instant(exit.getExitedAt()),
                            exit.getError().isEmpty() ? null : exit.getError());
                }
                return;
            } catch (StatusRuntimeException | DockerApiException e) {
                if (closed || container.removed) {
                    return;
                }
                if (e instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    log.warn("the shim host of {} does not know it", container.id);
                    handler.exited(container, run, SHIM_GONE_EXIT, Instant.now(), "shim host lost the container");
                    return;
                }
                if (++failures < ATTEMPTS) {
                    log.info("waiting again for container {} after: {}", container.id, e.getMessage());
                    sleep(200L * failures);
                    continue; // awaitExit relaunches a host that is gone
                }
                log.warn("lost the shim host of container {}: {}", container.id, e.getMessage());
                handler.exited(container, run, SHIM_GONE_EXIT, Instant.now(), SHIM_GONE);
                return;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
