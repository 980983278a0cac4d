package dev.berth.shim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the shim keeps in {@code <work>/state.json}: enough to find, stop and clean up the
 * container (bundle, rootfs mount, runc id) after the shim itself is gone or restarted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ShimState(
        @JsonProperty("id") String id,
        @JsonProperty("bundle") String bundle,
        @JsonProperty("log_path") String logPath,
        @JsonProperty("open_stdin") boolean openStdin,
        @JsonProperty("stdin_once") boolean stdinOnce,
        @JsonProperty("rootfs_mounted") boolean rootfsMounted,
        @JsonProperty("rootfs_created") boolean rootfsCreated,
        @JsonProperty("status") String status,
        @JsonProperty("pid") int pid,
        @JsonProperty("started_at") String startedAt) {

    ShimState withRun(String newStatus, int newPid, String newStartedAt) {
        return new ShimState(id, bundle, logPath, openStdin, stdinOnce, rootfsMounted, rootfsCreated, newStatus, newPid, newStartedAt);
    }
}
