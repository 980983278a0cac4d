package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerState;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers the gateway knows: their current records, names and ids, and how a record is
 * persisted before it becomes visible.
 */
final class ContainerRegistry {
    private final ContainerPaths paths;
    private final RecordStore store;
    private final ContainerIndex index = new ContainerIndex();
    private final Map<String, ManagedContainer> containers = new ConcurrentHashMap<>();

    ContainerRegistry(ContainerPaths paths, RecordStore store) {
        this.paths = paths;
        this.store = store;
    }

    RecordStore store() {
        return store;
    }

    ContainerIndex index() {
        return index;
    }

    /** The container a reference names; 404 "No such container: ref" when none (or it was removed). */
    ManagedContainer get(String ref) {
        String id = index.resolve(ref);
        ManagedContainer container = containers.get(id);
        if (container == null || container.removed) {
            throw DockerApiException.noSuchContainer(ref);
        }
        return container;
    }

    static void requirePresent(ManagedContainer container, String ref) {
        if (container.removed) {
            throw DockerApiException.noSuchContainer(ref);
        }
    }

    void add(ManagedContainer container) {
        containers.put(container.id, container);
    }

    void forget(ManagedContainer container) {
        containers.remove(container.id, container);
        index.release(container.id);
    }

    Collection<ManagedContainer> all() {
        return containers.values();
    }

    int size() {
        return containers.size();
    }

    /** Reserves the requested name, or draws a free one as Docker does. */
    String reserveName(String id, String requestedName) {
        if (requestedName != null && !requestedName.isEmpty()) {
            String name = ContainerNames.validate(requestedName);
            index.reserve(id, name);
            return name;
        }
        while (true) {
            String name = ContainerNames.generate(index::nameTaken);
            try {
                index.reserve(id, name);
                return name;
            } catch (DockerApiException taken) {
                // another create took it between the check and the reservation: draw again
            }
        }
    }

    /** Writes the record, then makes it the container's current one. Call with the container's lock held. */
    void persist(ManagedContainer container, ContainerRecord record) {
        try {
            store.save(record);
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to save container " + record.id() + ": " + e.getMessage(), e);
        }
        container.publish(record);
    }

    Container toContainer(ContainerRecord record) {
        ManagedContainer container = containers.get(record.id());
        return toContainer(record, container == null ? null : container.health);
    }

    Container toContainer(ContainerRecord record, dev.berth.gateway.container.HealthState health) {
        ContainerState state = record.state();
        if (record.removing()) {
            state = new ContainerState("removing", state.running(), state.paused(), state.restarting(), state.oomKilled(),
                    state.dead(), state.pid(), state.exitCode(), state.error(), state.startedAt(), state.finishedAt());
        }
        String id = record.id();
        return new Container(id, record.name(), record.created(), record.imageId(), record.imageRef(), record.path(),
                record.args(), record.config(), record.hostConfig(), state, record.networks(), record.restartCount(),
                paths.logFile(id), paths.resolvConfFile(id), paths.hostnameFile(id), paths.hostsFile(id), List.of(),
                record.running() ? health : null);
    }
}
