package dev.berth.gateway.container.runtime;

import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.WaitResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes containers: the shim's Delete (its host unmounts the rootfs and forgets runc's
 * record), the snapshot, the network sandbox, then the gateway's own files, the record last.
 * The removal is marked in the record first, so a crash half-way is finished at the next start.
 */
final class ContainerRemoval {
    private static final Logger log = LoggerFactory.getLogger(ContainerRemoval.class);

    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final ContainerLifecycle lifecycle;
    private final NetworkAttacher network;
    private final ServiceClients clients;
    private final ContainerPaths paths;
    private final ShimHosts hosts;
    private final ContainerEvents events;
    private ContainerVolumes volumes;

    ContainerRemoval(ContainerRegistry registry, ContainerTasks tasks, ContainerLifecycle lifecycle,
            NetworkAttacher network, ServiceClients clients, ContainerPaths paths, ShimHosts hosts,
            ContainerEvents events) {
        this.registry = registry;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.network = network;
        this.clients = clients;
        this.paths = paths;
        this.hosts = hosts;
        this.events = events;
    }

    void volumes(ContainerVolumes containerVolumes) {
        this.volumes = containerVolumes;
    }

    /** docker rm; {@code removeVolumes} (rm -v) also removes the container's anonymous volumes. */
    void remove(String ref, boolean force, boolean removeVolumes) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (record.running() && !force) {
                String what = record.paused() ? "paused" : "running";
                throw DockerApiException.conflict("You cannot remove a " + what + " container " + container.id
                        + ". " + (record.paused() ? "Unpause and then stop" : "Stop") + " the container before attempting removal or force remove");
            }
        } finally {
            container.lock.unlock();
        }
        lifecycle.killForRemoval(container);
        removeStopped(container, removeVolumes);
    }

    /** Removal by the engine: --rm (which takes the anonymous volumes too, as Docker's), recovery. */
    void removeQuietly(ManagedContainer container) {
        try {
            removeStopped(container, container.record().hostConfig() != null
                    && container.record().hostConfig().autoRemove());
        } catch (RuntimeException e) {
            log.warn("could not remove container {}: {}", container.id, e.getMessage());
        }
    }

    /** Removes a container that is not running; a container already gone is fine (auto-removed meanwhile). */
    void removeStopped(ManagedContainer container) {
        removeStopped(container, false);
    }

    void removeStopped(ManagedContainer container, boolean removeVolumes) {
        WaitResult result;
        ContainerRecord record;
        container.lock.lock();
        try {
            if (container.removed) {
                return;
            }
            record = container.record();
            if (record.running()) {
                throw DockerApiException.conflict("You cannot remove a running container " + container.id
                        + ". Stop the container before attempting removal or force remove");
            }
            if (!record.removing()) {
                registry.persist(container, record.markedRemoving());
            }
            List<dev.berth.gateway.volume.MountPoint> mounts = volumes.of(container.id);
            tearDown(container);
            container.removed = true;
            volumes.volumes().release(container.id, mounts, removeVolumes);
            result = new WaitResult(record.state().exitCode(),
                    record.state().error() == null || record.state().error().isEmpty() ? null : record.state().error());
        } finally {
            container.lock.unlock();
        }
        registry.forget(container);
        hosts.left(record.shimGroup());
        container.waiters.removed(result);
        events.container(record, "destroy", Map.of());
        log.info("removed container {}", container.id);
    }

    /** Shim, snapshot, network, bundle and shim dir; the record goes last. */
    private void tearDown(ManagedContainer container) {
        String id = container.id;
        TaskClient task = tasks.client(container);
        try {
            task.delete("");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw GrpcErrors.toDocker("failed to delete container " + id + " in its shim", e);
            }
        }
        container.taskCreated = false;
        if (!removeSnapshot(id)) {
            throw DockerApiException.serverError("failed to remove the root filesystem of container " + id, null);
        }
        network.release(id);
        try {
            Path rootfs = paths.bundleDir(id).resolve("rootfs");
            if (mounted(rootfs)) {
                throw new IOException(rootfs + " is still mounted");
            }
            DurableFiles.deleteTree(paths.bundleDir(id));
            Path dir = paths.containerDir(id);
            try (var entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals(RecordStore.RECORD_FILE)) {
                        DurableFiles.deleteTree(entry);
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return;
            }
            DurableFiles.deleteTree(dir);
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to remove the files of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** The shim unmounts the rootfs at Delete; a tree with a mount inside is never deleted. */
    private static boolean mounted(Path mountPoint) {
        try {
            return DurableFiles.mountPoints().contains(mountPoint.toAbsolutePath().normalize());
        } catch (IOException e) {
            log.warn("cannot read /proc/self/mountinfo: {}", e.getMessage());
            return true;
        }
    }

    /** True when the snapshot is gone (or never was). */
    boolean removeSnapshot(String id) {
        try {
            clients.snapshots().withDeadlineAfter(30, TimeUnit.SECONDS).withWaitForReady()
                    .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName()).setKey(id).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
            log.warn("could not remove snapshot {}: {}", id, e.getStatus());
            return false;
        }
    }
}
