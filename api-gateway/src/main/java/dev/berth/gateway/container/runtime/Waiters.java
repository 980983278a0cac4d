package dev.berth.gateway.container.runtime;

import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The pending waits on one container, completed at its next exit or at its removal. */
final class Waiters {
    private record Waiter(WaitCondition condition, CompletableFuture<WaitResult> future) {}

    private final List<Waiter> waiters = new ArrayList<>();

    synchronized CompletableFuture<WaitResult> add(WaitCondition condition) {
        CompletableFuture<WaitResult> future = new CompletableFuture<>();
        waiters.add(new Waiter(condition, future));
        // A client that gives up must not leave its waiter behind.
        future.whenComplete((r, e) -> {
            if (future.isCancelled()) {
                remove(future);
            }
        });
        return future;
    }

    private synchronized void remove(CompletableFuture<WaitResult> future) {
        waiters.removeIf(w -> w.future() == future);
    }

    /** The process exited: not-running and next-exit waits end; removal waits go on. */
    void exited(WaitResult result) {
        complete(result, false);
    }

    /** The container is gone: every wait ends. */
    void removed(WaitResult result) {
        complete(result, true);
    }

    void failAll(Throwable error) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiters);
            waiters.clear();
        }
        all.forEach(w -> w.future().completeExceptionally(error));
    }

    private void complete(WaitResult result, boolean removed) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (removed || waiter.condition() != WaitCondition.REMOVED) {
                    done.add(waiter);
                    it.remove();
                }
            }
        }
        done.forEach(w -> w.future().complete(result));
    }
}
