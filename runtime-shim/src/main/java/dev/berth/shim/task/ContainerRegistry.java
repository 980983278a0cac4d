package dev.berth.shim.task;

import dev.berth.api.runtime.v1.CreateTaskRequest;
import java.io.IOException;

/** The host's containers, as the Task service sees them. */
public interface ContainerRegistry {
    /** The container, or NOT_FOUND. */
    Container get(String id);

    /** Create: the container is made, registered and its endpoint served; ALREADY_EXISTS for a live one. */
    Container create(CreateTaskRequest request) throws IOException;

    /** After a Delete of the init was answered: the container is forgotten and its endpoint no longer served. */
    void deleted(Container container);

    /** The services containers share. */
    Services services();
}
