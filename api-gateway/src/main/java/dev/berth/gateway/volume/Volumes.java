package dev.berth.gateway.volume;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.events.EventBus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's volumes (Docker's volume service over the local driver): records and data on
 * disk, which containers reference each volume (from their create to their removal, running or
 * not: Docker's refs), which have it mounted (a local-driver mount is made for the first and
 * undone after the last), and the volume events. One lock guards it all: volume calls are few
 * and short, mount(8) aside.
 */
public final class Volumes {
    private static final Logger log = LoggerFactory.getLogger(Volumes.class);

    private final VolumeStore store;
    private final EventBus bus;
    private final Map<String, VolumeRecord> records = new HashMap<>();
    private final Map<String, Set<String>> refs = new HashMap<>();
    private final Map<String, Set<String>> active = new HashMap<>();

    public Volumes(Path volumesRoot, EventBus bus) {
        this.store = new VolumeStore(volumesRoot);
        this.bus = bus;
    }

    /** Reloads the records and the references of the containers that exist. */
    public synchronized void load(ContainerMounts containers) {
        try {
            for (VolumeRecord record : store.loadAll()) {
                records.put(record.name(), record);
            }
            containers.readAll().forEach(this::referenceLocked);
        } catch (IOException e) {
            throw new IllegalStateException("cannot load volumes from " + store.root() + ": " + e.getMessage(), e);
        }
    }

    public Path mountpoint(String name) {
        return store.data(name);
    }

    // ---------------------------------------------------------------- API

    /** POST /volumes/create: an existing volume of the same driver is returned as it is. */
    public synchronized VolumeRecord create(String name, String driver, Map<String, String> options,
            Map<String, String> labels) {
        String volumeName = name == null || name.isEmpty() ? VolumeNames.generate() : name;
        String driverName = driver == null || driver.isEmpty() ? LocalDriver.NAME : driver;
        VolumeNames.validate(volumeName);
        VolumeRecord existing = records.get(volumeName);
        if (existing != null) {
            if (!existing.driver().equals(driverName)) {
                throw DockerApiException.conflict("create " + volumeName + ": driver '" + existing.driver()
                        + "' already has volume '" + volumeName + "': volume name must be unique");
            }
            return existing;
        }
        if (!driverName.equals(LocalDriver.NAME)) {
            throw DockerApiException.notFound("create " + volumeName + ": error looking up volume plugin " + driverName
                    + ": plugin \"" + driverName + "\" not found");
        }
        LocalDriver.validate(volumeName, options);
        VolumeRecord record = new VolumeRecord(volumeName, driverName, labels, options,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try {
            store.create(record);
        } catch (IOException e) {
            throw DockerApiException.serverError("create " + volumeName + ": " + e.getMessage(), e);
        }
        records.put(volumeName, record);
        log.info("created volume {}", volumeName);
        publish("create", volumeName, Map.of("driver", driverName));
        return record;
    }

    public synchronized VolumeRecord get(String name) {
        VolumeRecord record = records.get(name);
        if (record == null) {
            throw DockerApiException.notFound("get " + name + ": no such volume");
        }
        return record;
    }

    public synchronized List<VolumeRecord> list() {
        List<VolumeRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(VolumeRecord::name));
        return all;
    }

    /** The ids of the containers that reference the volume. */
    public synchronized Set<String> users(String name) {
        return Set.copyOf(refs.getOrDefault(name, Set.of()));
    }

    /** DELETE /volumes/{name}: refused while a container references it, force or not (as Docker). */
    public synchronized void remove(String name, boolean force) {
        VolumeRecord record = records.get(name);
        if (record == null) {
            if (force) {
                return;
            }
            throw DockerApiException.notFound("get " + name + ": no such volume");
        }
        Set<String> users = refs.getOrDefault(name, Set.of());
        if (!users.isEmpty()) {
            throw DockerApiException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
        }
        removeLocked(record);
    }

    /** POST /volumes/prune: every volume no container references that {@code filter} accepts. */
    public synchronized Pruned prune(Predicate<VolumeRecord> filter) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (VolumeRecord record : list()) {
            if (!refs.getOrDefault(record.name(), Set.of()).isEmpty() || !filter.test(record)) {
                continue;
            }
            long size = size(record.name());
            try {
                removeLocked(record);
                deleted.add(record.name());
                reclaimed += Math.max(0, size);
            } catch (DockerApiException e) {
                log.warn("prune could not remove volume {}: {}", record.name(), e.getMessage());
            }
        }
        return new Pruned(deleted, reclaimed);
    }

    public record Pruned(List<String> deleted, long spaceReclaimed) {}

    /** Bytes under the volume's data; -1 when it cannot be measured (Docker's "not computed"). */
    public long size(String name) {
        return DirectorySize.of(store.data(name));
    }

    private void removeLocked(VolumeRecord record) {
        try {
            if (LocalDriver.mountsAtUse(record)) {
                LocalDriver.unmount(store.data(record.name()));
            }
            store.delete(record.name());
        } catch (IOException e) {
            throw DockerApiException.serverError("remove " + record.name() + ": " + e.getMessage(), e);
        }
        records.remove(record.name());
        refs.remove(record.name());
        active.remove(record.name());
        log.info("removed volume {}", record.name());
        publish("destroy", record.name(), Map.of("driver", record.driver()));
    }

    // ---------------------------------------------------------------- containers

    /** The volume for a container's mount: an existing one, or one created now (Docker's create on first use). */
    synchronized VolumeRecord forMount(String name, Map<String, String> driverOptions, Map<String, String> labels,
            String driver) {
        VolumeRecord existing = records.get(name);
        return existing != null ? existing : create(name, driver, driverOptions, labels);
    }

    /** A container was created with these mounts: it references their volumes until it is removed. */
    public synchronized void reference(String containerId, List<MountPoint> mounts) {
        referenceLocked(containerId, mounts);
    }

    private void referenceLocked(String containerId, List<MountPoint> mounts) {
        for (MountPoint mount : mounts) {
            if (mount.isVolume()) {
                refs.computeIfAbsent(mount.name(), n -> new LinkedHashSet<>()).add(containerId);
            }
        }
    }

    /**
     * A container is gone (removed, or its create rolled back): its references are dropped and,
     * with {@code removeAnonymous} (rm -v, --rm), its anonymous volumes no other container uses
     * are removed. Named volumes are never removed here.
     */
    public synchronized void release(String containerId, List<MountPoint> mounts, boolean removeAnonymous) {
        for (MountPoint mount : mounts) {
            if (!mount.isVolume()) {
                continue;
            }
            Set<String> users = refs.get(mount.name());
            if (users != null) {
                users.remove(containerId);
                if (users.isEmpty()) {
                    refs.remove(mount.name());
                }
            }
            VolumeRecord record = records.get(mount.name());
            if (removeAnonymous && record != null && record.anonymous() && !refs.containsKey(mount.name())) {
                try {
                    removeLocked(record);
                } catch (DockerApiException e) {
                    log.warn("could not remove anonymous volume {} of {}: {}", mount.name(), containerId, e.getMessage());
                }
            }
        }
    }

    /**
     * A container starts: its volumes with local-driver mount options are mounted if it is their
     * first user, and a "mount" event is published for each volume.
     */
    public synchronized void mountFor(String containerId, List<MountPoint> mounts) {
        List<MountPoint> done = new ArrayList<>();
        try {
            for (MountPoint mount : mounts) {
                if (!mount.isVolume()) {
                    continue;
                }
                VolumeRecord record = get(mount.name());
                Set<String> users = active.computeIfAbsent(mount.name(), n -> new LinkedHashSet<>());
                if (users.isEmpty() && LocalDriver.mountsAtUse(record)) {
                    LocalDriver.mount(record, store.data(record.name()));
                }
                users.add(containerId);
                done.add(mount);
                publish("mount", mount.name(), Map.of("driver", record.driver(), "container", containerId,
                        "destination", mount.destination(), "read/write", String.valueOf(mount.rw()),
                        "propagation", mount.propagation()));
            }
        } catch (IOException e) {
            unmountFor(containerId, done);
            throw DockerApiException.serverError(e.getMessage(), e);
        } catch (RuntimeException e) {
            unmountFor(containerId, done);
            throw e;
        }
    }

    /** A container found running at the gateway's start: it counts as a user of its volumes' mounts, already made. */
    public synchronized void adopt(String containerId, List<MountPoint> mounts) {
        for (MountPoint mount : mounts) {
            if (mount.isVolume() && records.containsKey(mount.name())) {
                active.computeIfAbsent(mount.name(), n -> new LinkedHashSet<>()).add(containerId);
            }
        }
    }

    /** A container's run ended: the last user of a local-driver mount unmounts it. */
    public synchronized void unmountFor(String containerId, List<MountPoint> mounts) {
        for (MountPoint mount : mounts) {
            if (!mount.isVolume()) {
                continue;
            }
            Set<String> users = active.get(mount.name());
            if (users == null || !users.remove(containerId)) {
                continue;
            }
            VolumeRecord record = records.get(mount.name());
            publish("unmount", mount.name(), Map.of("driver", record == null ? LocalDriver.NAME : record.driver(),
                    "container", containerId));
            if (users.isEmpty() && record != null && LocalDriver.mountsAtUse(record)) {
                try {
                    LocalDriver.unmount(store.data(record.name()));
                } catch (IOException e) {
                    log.warn("could not unmount volume {}: {}", record.name(), e.getMessage());
                }
            }
        }
    }

    private void publish(String action, String name, Map<String, String> attributes) {
        if (bus != null) {
            bus.publish("volume", action, name, attributes);
        }
    }
}
