package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import io.grpc.StatusRuntimeException;

/** pause and unpause: the task's cgroup freezer, the record's Paused state, and their events. */
final class ContainerPausing {
    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final ContainerEvents events;

    ContainerPausing(ContainerRegistry registry, ContainerTasks tasks, ContainerEvents events) {
        this.registry = registry;
        this.tasks = tasks;
        this.events = events;
    }

    void pause(String ref) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (!record.running()) {
                throw DockerApiException.conflict("Container " + container.id + " is not running");
            }
            if (record.paused()) {
                throw DockerApiException.conflict("Container " + container.id + " is already paused");
            }
            try {
                tasks.client(container).pause();
            } catch (StatusRuntimeException e) {
                throw GrpcErrors.toDocker("Cannot pause container " + container.id, e);
            }
            registry.persist(container, record.withPaused(true));
        } finally {
            container.lock.unlock();
        }
        events.container(container.record(), "pause", java.util.Map.of());
    }

    void unpause(String ref) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (!record.paused()) {
                throw DockerApiException.conflict("Container " + container.id + " is not paused");
            }
            try {
                tasks.client(container).resume();
            } catch (StatusRuntimeException e) {
                throw GrpcErrors.toDocker("Cannot unpause container " + container.id, e);
            }
            registry.persist(container, record.withPaused(false));
        } finally {
            container.lock.unlock();
        }
        events.container(container.record(), "unpause", java.util.Map.of());
    }
}
