package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.NetworkEndpoint;
import java.time.Instant;
import java.util.List;

/**
 * What the gateway persists about one container (config.v2.json). Immutable: every state
 * transition makes a new record, which is written atomically before it becomes visible.
 *
 * @param config        the container's Config, already merged with the image's
 * @param netnsPath     the network namespace of the current run, null when it has none
 * @param removing      set before removal starts, so recover() finishes a half-done removal
 * @param shimGroup     the shim host group that serves the container's shim
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerRecord(
        @JsonProperty("ID") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Created") Instant created,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("ImageRef") String imageRef,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") ObjectNode networkingConfig,
        @JsonProperty("State") ContainerState state,
        @JsonProperty("Networks") List<NetworkEndpoint> networks,
        @JsonProperty("NetnsPath") String netnsPath,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Removing") boolean removing,
        @JsonProperty("ShimGroup") String shimGroup) {

    public ContainerRecord {
        args = args == null ? List.of() : List.copyOf(args);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    public static ContainerState createdState() {
        return new ContainerState("created", false, false, false, false, false, 0, 0, "", null, null);
    }

    public boolean running() {
        return state.running();
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public String networkMode() {
        String mode = hostConfig == null ? null : hostConfig.networkMode();
        return mode == null || mode.isEmpty() ? "default" : mode;
    }

    public ContainerRecord withState(ContainerState newState) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, newState, networks, netnsPath, restartCount, removing, shimGroup);
    }

    public ContainerRecord withNetwork(List<NetworkEndpoint> newNetworks, String newNetnsPath) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, state, newNetworks, newNetnsPath, restartCount, removing, shimGroup);
    }

    /** The networks the container is connected to (NetworkingConfig.EndpointsConfig), by docker network connect/disconnect. */
    public ContainerRecord withNetworkingConfig(ObjectNode newNetworkingConfig) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                newNetworkingConfig, state, networks, netnsPath, restartCount, removing, shimGroup);
    }

    public ContainerRecord markedRemoving() {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, state, networks, netnsPath, restartCount, true, shimGroup);
    }

    public ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, state, networks, netnsPath, restartCount, removing, shimGroup);
    }

    public ContainerRecord withHostConfig(HostConfig newHostConfig) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, newHostConfig,
                networkingConfig, state, networks, netnsPath, restartCount, removing, shimGroup);
    }

    public ContainerRecord withRestartCount(int count) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, state, networks, netnsPath, count, removing, shimGroup);
    }

    public ContainerRecord withShimGroup(String group) {
        return new ContainerRecord(id, name, created, imageId, imageRef, path, args, config, hostConfig,
                networkingConfig, state, networks, netnsPath, restartCount, removing, group);
    }

    public boolean paused() {
        return state.paused();
    }

    /** Frozen (docker pause) or thawed; still running either way. */
    public ContainerRecord withPaused(boolean paused) {
        return withState(new ContainerState(paused ? "paused" : "running", true, paused, false, false, false,
                state.pid(), 0, "", state.startedAt(), state.finishedAt()));
    }

    /**
     * Between an exit and the restart its policy asks for: Docker's "restarting". Running stays
     * false here (Docker says true) so that nothing signals a process that does not exist.
     */
    public ContainerRecord restarting() {
        return withState(new ContainerState("restarting", false, false, true, false, false, 0, state.exitCode(),
                state.error(), state.startedAt(), state.finishedAt()));
    }

    /** The state of a process that is running now. */
    public ContainerRecord started(int pid, Instant startedAt) {
        return withState(new ContainerState("running", true, false, false, false, false, pid, 0, "", startedAt,
                state.finishedAt()));
    }

    /** The state after the process exited with {@code exitCode}; {@code error} is Docker's State.Error. */
    public ContainerRecord exited(int exitCode, Instant finishedAt, String error) {
        return withState(new ContainerState("exited", false, false, false, false, false, 0, exitCode,
                error == null ? "" : error, state.startedAt(), finishedAt));
    }

    /** A start that failed: Docker keeps the status it had, with State.Error and the exit code. */
    public ContainerRecord startFailed(int exitCode, String error) {
        return withState(new ContainerState(state.status(), false, false, false, false, false, 0, exitCode, error,
                state.startedAt(), state.finishedAt()));
    }
}
