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

    /** Stops (as {@link #stop}) if running, then starts. */
    void restart(String ref, Integer timeoutSeconds) throws DockerApiException;

    /** Freezes every process of the container (the cgroup freezer); 409 when not running or already paused. */
    void pause(String ref) throws DockerApiException;

    void unpause(String ref) throws DockerApiException;

    /** 409 "Conflict. The container name ... is already in use" when taken. */
    void rename(String ref, String newName) throws DockerApiException;

    /** The TTY's size of the container's init. */
    void resize(String ref, int height, int width) throws DockerApiException;

    /** Removes every stopped container that matches; returns their ids. */
    List<String> prune(Map<String, List<String>> filters) throws DockerApiException;

    /** POST /containers/{id}/exec: the new exec's id. */
    String execCreate(String ref, ExecConfig config) throws DockerApiException;

    /** POST /exec/{id}/start: attached to {@code sink} (its stdin in the result), or detached when sink is null. */
    Attachment execStart(String execId, OutputSink sink) throws DockerApiException;

    boolean execTty(String execId) throws DockerApiException;

    void execResize(String execId, int height, int width) throws DockerApiException;

    ExecState execInspect(String execId) throws DockerApiException;

    /** The processes of a running container: ps's titles and rows. */
    ProcessList top(String ref, String psArgs) throws DockerApiException;

    /** One sample of the container's resource use. */
    dev.berth.api.runtime.v1.StatsResponse stats(String ref) throws DockerApiException;

    /** docker diff: what changed in the container's filesystem against its image. */
    List<FileChange> changes(String ref) throws DockerApiException;

    /**
     * HEAD /containers/{id}/archive: the path's stat. {@code throughMounts}: the container's mounts
     * docker cp of the path goes through ({@link #copyMounts}), read as its processes see them;
     * empty: its own filesystem alone (the builder's copies).
     */
    PathStat statPath(String ref, String path, List<String> throughMounts) throws DockerApiException;

    default PathStat statPath(String ref, String path) throws DockerApiException {
        return statPath(ref, path, List.of());
    }

    /** GET /containers/{id}/archive: the stat, and a tar of the path read as it is written; {@code throughMounts} as for statPath. */
    java.io.InputStream archive(String ref, String path, List<String> throughMounts) throws DockerApiException;

    default java.io.InputStream archive(String ref, String path) throws DockerApiException {
        return archive(ref, path, List.of());
    }

    /** PUT /containers/{id}/archive: a tar extracted under the directory {@code path}; {@code throughMounts} as for statPath. */
    void extract(String ref, String path, java.io.InputStream tar, boolean noOverwriteDirNonDir, List<String> throughMounts)
            throws DockerApiException;

    default void extract(String ref, String path, java.io.InputStream tar, boolean noOverwriteDirNonDir) throws DockerApiException {
        extract(ref, path, tar, noOverwriteDirNonDir, List.of());
    }

    /**
     * The container's mounts (destinations) docker cp of {@code path} goes through: all of its
     * volume, bind and tmpfs mounts when the path is on one or holds one, else none. Only a running
     * container has that view: for a stopped one such a path is refused (501) rather than copied
     * from the empty directory underneath.
     */
    default List<String> copyMounts(String ref, String path) throws DockerApiException {
        return List.of();
    }

    /** GET /containers/{id}/export: a tar of the whole root filesystem. */
    java.io.InputStream export(String ref) throws DockerApiException;

    /** POST /containers/{id}/update: resources and the restart policy; returns warnings. */
    List<String> update(String ref, com.fasterxml.jackson.databind.JsonNode body) throws DockerApiException;

    /** The container's mounts (binds, volumes, --mount tmpfs) as resolved at create, for inspect's Mounts. */
    default java.util.List<dev.berth.gateway.volume.MountPoint> mounts(String ref) throws DockerApiException {
        return java.util.List.of();
    }

    /**
     * POST /networks/{id}/connect: a running container joins the network now, a created or
     * stopped one at its next start. {@code network} is the network's name.
     */
    default void connect(String ref, String network, List<String> aliases, String ipv4Address) throws DockerApiException {
        throw new DockerApiException(501, "network connect is not implemented by this container service", null);
    }

    /** POST /networks/{id}/disconnect. */
    default void disconnect(String ref, String network, boolean force) throws DockerApiException {
        throw new DockerApiException(501, "network disconnect is not implemented by this container service", null);
    }
}
