package dev.berth.gateway.container.runtime;

import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shims started ahead of need. A shim is a JVM that takes most of a second to serve, which was
 * most of `docker run`'s time (docs/runtime-shim.md). Container ids are random, so the gateway
 * draws the id of the next container early and boots its shim in the background: create takes
 * that id, and the container's first attach or start finds its shim serving or nearly so.
 */
final class SpareShims implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpareShims.class);

    private final int count;
    private final ShimLauncher launcher;
    private final RuntimeLeftovers leftovers;
    private final ContainerPaths paths;
    private final ExecutorService boots = Executors.newVirtualThreadPerTaskExecutor();
    /** Spares no container has yet, oldest first. */
    private final LinkedHashMap<String, CompletableFuture<ShimConnection>> unassigned = new LinkedHashMap<>();
    /** Spares whose id a container took, until its first attach or start claims the shim. */
    private final Map<String, CompletableFuture<ShimConnection>> assigned = new HashMap<>();
    private boolean closed;

    SpareShims(int count, ShimLauncher launcher, RuntimeLeftovers leftovers, ContainerPaths paths) {
        this.count = Math.max(0, count);
        this.launcher = launcher;
        this.leftovers = leftovers;
        this.paths = paths;
    }

    /** Starts booting spares up to the configured count. */
    synchronized void fill() {
        while (!closed && unassigned.size() < count) {
            String id = ContainerIds.generate();
            unassigned.put(id, CompletableFuture.supplyAsync(() -> launcher.launch(id), boots));
        }
    }

    /** The id for a new container: a spare's, when one is booting or ready, else a fresh one. */
    synchronized String takeId() {
        if (unassigned.isEmpty()) {
            return ContainerIds.generate();
        }
        String id = unassigned.keySet().iterator().next();
        assigned.put(id, unassigned.remove(id));
        fill();
        return id;
    }

    /** A create that took {@code id} failed: its spare goes back to the pool for the next one. */
    synchronized void giveBack(String id) {
        CompletableFuture<ShimConnection> spare = assigned.remove(id);
        if (spare != null && !closed) {
            unassigned.putFirst(id, spare);
        } else if (spare != null) {
            discard(id, spare);
        }
    }

    /**
     * The serving shim booted for {@code id}, or null when there is none or its boot failed (the
     * caller then launches one itself, which reports the failure).
     */
    ShimConnection claim(String id) {
        CompletableFuture<ShimConnection> spare;
        synchronized (this) {
            spare = assigned.remove(id);
        }
        if (spare == null) {
            return null;
        }
        try {
            return spare.get(ShimLauncher.READY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("spare shim for {} did not come up: {}", id, e.getCause() != null ? e.getCause().getMessage() : e);
            leftovers.clean(id);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stops the spares no container has: they would otherwise outlive the gateway. */
    @Override
    public void close() {
        List<Map.Entry<String, CompletableFuture<ShimConnection>>> doomed;
        synchronized (this) {
            closed = true;
            doomed = new ArrayList<>(unassigned.entrySet());
            unassigned.clear();
        }
        doomed.forEach(entry -> discard(entry.getKey(), entry.getValue()));
        boots.shutdown();
    }

    private void discard(String id, CompletableFuture<ShimConnection> spare) {
        try {
            spare.get(ShimLauncher.READY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS).close();
        } catch (ExecutionException | TimeoutException e) {
            // it never served; its process, if any, is killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leftovers.clean(id);
        try {
            DurableFiles.deleteTree(paths.shimDir(id));
        } catch (IOException e) {
            log.warn("could not remove the spare shim's directory {}: {}", paths.shimDir(id), e.getMessage());
        }
    }
}
