package dev.berth.gateway.container;

import dev.berth.gateway.api.DockerApiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Containers' lifecycle, independent of HTTP: records, rootfs snapshots, network sandboxes,
 * OCI bundles and the shim that runs each container. References are a full id, a unique id
 * prefix or a name (with or without the leading "/"); unknown ones throw 404 "No such container: x".
 */
public interface ContainerService {
    /** POST /containers/create. {@code name} may be null (a name is generated, as Docker does). */
    Container create(String name, CreateContainerRequest request) throws DockerApiException;

    /** Starts the container's process; 304 if already running. */
    void start(String ref) throws DockerApiException;

    /**
     * Attaches to the container's stdio. Output produced after this call is delivered to
     * {@code sink}; {@link Attachment#stdin()} feeds the container's stdin when it is open.
     */
    Attachment attach(String ref, AttachOptions options, OutputSink sink) throws DockerApiException;

    /** Completes with the exit code when {@code condition} is met (Docker's wait conditions). */
    CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) throws DockerApiException;

    void kill(String ref, String signal) throws DockerApiException;

    /** SIGTERM (or the configured stop signal), then SIGKILL after {@code timeoutSeconds} (null: the container's or 10). */
    void stop(String ref, Integer timeoutSeconds) throws DockerApiException;

    /** 409 "You cannot remove a running container ..." unless {@code force}. */
    void remove(String ref, boolean force, boolean removeVolumes) throws DockerApiException;

    /** {@code filters} as the API's filters parameter: name, id, status, label, ancestor, exited. */
    List<Container> list(boolean all, Map<String, List<String>> filters);

    Container inspect(String ref) throws DockerApiException;

    /** The container's json-file log ({@code <id>-json.log}), for GET /containers/{id}/logs. */
    Path logPath(String ref) throws DockerApiException;
}
