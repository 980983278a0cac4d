package dev.berth.gateway.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Docker's container.Resources, which Docker embeds in HostConfig: its fields sit at HostConfig's
 * top level in JSON (HostConfig unwraps this record). Pointer fields of Docker's struct are boxed
 * here, so "not set" stays distinguishable from 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Resources(
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<JsonNode> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<JsonNode> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<JsonNode> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<JsonNode> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<JsonNode> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<JsonNode> deviceRequests,
        @JsonProperty("KernelMemory") long kernelMemory,
        @JsonProperty("KernelMemoryTCP") long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth) {

    /** No limits at all: what a create without resource options gets. */
    public static final Resources NONE = new Resources(0, 0, 0, null, 0, null, null, null, null, null, 0, 0, 0, 0,
            null, null, null, null, null, 0, 0, 0, 0, null, null, null, null, 0, 0, 0, 0);

    /** A --device mapping (HostConfig.Devices). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
            @JsonProperty("PathInContainer") String pathInContainer,
            @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

    /** A --ulimit: Name without the RLIMIT_ prefix ("nofile"), -1 for unlimited. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft,
            @JsonProperty("Hard") long hard) {}
}
