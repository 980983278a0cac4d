package dev.berth.gateway.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Docker's HostConfig: how the container is placed on the host (network, mounts, restart, removal). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("Init") Boolean init) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {}
}
