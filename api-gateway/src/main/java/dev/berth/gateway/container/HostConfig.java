package dev.berth.gateway.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Docker's HostConfig (API v1.41): how the container is placed on the host. Resources are
 * Docker's embedded struct, unwrapped so that Memory, NanoCpus, ... sit at the top level as in
 * Docker's JSON. What Berth honours and what it refuses is decided by
 * {@code container.runtime.HostConfigValidator}; fields kept but not acted on here (Dns, ExtraHosts,
 * Init, ConsoleSize) belong to other parts of the gateway.
 */
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
        @JsonProperty("Init") Boolean init,
        @JsonUnwrapped Resources resources,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("Mounts") List<JsonNode> mounts,
        // Docker's strslice: a client may send one string instead of an array
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("CapAdd") List<String> capAdd,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") int oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("StorageOpt") Map<String, String> storageOpt,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") long shmSize,
        @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths) {

    public HostConfig {
        resources = resources == null ? Resources.NONE : resources;
    }

    /**
     * The fields HostConfig had before resources and security options: everything else is left
     * unset. Kept for callers written against that shape; prefer {@link #defaults()} and the
     * {@code with} methods, which keep every field.
     */
    public HostConfig(List<String> binds, String networkMode, Map<String, List<PortBinding>> portBindings,
            RestartPolicy restartPolicy, boolean autoRemove, List<String> volumesFrom, Map<String, String> tmpfs,
            boolean privileged, boolean publishAllPorts, boolean readonlyRootfs, Boolean init) {
        this(binds, networkMode, portBindings, restartPolicy, autoRemove, volumesFrom, tmpfs, privileged,
                publishAllPorts, readonlyRootfs, init, Resources.NONE, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, 0, null, null, null, null, null, 0, null, null, null, null,
                null, null);
    }

    /** An empty HostConfig, as a create without one gets. */
    public static HostConfig defaults() {
        return new HostConfig(null, "bridge", null, null, false, null, null, false, false, false, null);
    }

    public HostConfig withNetworkMode(String mode) {
        return new HostConfig(binds, mode, portBindings, restartPolicy, autoRemove, volumesFrom, tmpfs, privileged,
                publishAllPorts, readonlyRootfs, init, resources, containerIdFile, logConfig, volumeDriver, mounts,
                capAdd, capDrop, cgroupnsMode, dns, dnsOptions, dnsSearch, extraHosts, groupAdd, ipcMode, cgroup,
                links, oomScoreAdj, pidMode, securityOpt, storageOpt, utsMode, usernsMode, shmSize, sysctls, runtime,
                consoleSize, isolation, maskedPaths, readonlyPaths);
    }

    public HostConfig withRestartPolicy(RestartPolicy policy) {
        return new HostConfig(binds, networkMode, portBindings, policy, autoRemove, volumesFrom, tmpfs, privileged,
                publishAllPorts, readonlyRootfs, init, resources, containerIdFile, logConfig, volumeDriver, mounts,
                capAdd, capDrop, cgroupnsMode, dns, dnsOptions, dnsSearch, extraHosts, groupAdd, ipcMode, cgroup,
                links, oomScoreAdj, pidMode, securityOpt, storageOpt, utsMode, usernsMode, shmSize, sysctls, runtime,
                consoleSize, isolation, maskedPaths, readonlyPaths);
    }

    /** docker update: the same HostConfig with new resource limits. */
    public HostConfig withResources(Resources newResources) {
        return new HostConfig(binds, networkMode, portBindings, restartPolicy, autoRemove, volumesFrom, tmpfs,
                privileged, publishAllPorts, readonlyRootfs, init, newResources, containerIdFile, logConfig,
                volumeDriver, mounts, capAdd, capDrop, cgroupnsMode, dns, dnsOptions, dnsSearch, extraHosts, groupAdd,
                ipcMode, cgroup, links, oomScoreAdj, pidMode, securityOpt, storageOpt, utsMode, usernsMode, shmSize,
                sysctls, runtime, consoleSize, isolation, maskedPaths, readonlyPaths);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {}

    /** The container's logging driver: Type "" means the daemon's default (json-file). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}
}
