package dev.berth.gateway.container.runtime;

import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HostConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records and configs for tests. */
final class Fixtures {
    private Fixtures() {}

    static ContainerConfig config(String user, List<String> env, String workingDir, boolean tty) {
        return new ContainerConfig("abc123def456", "", user, false, true, true, null, tty, false, false, env,
                List.of("hi"), "busybox", null, workingDir, List.of("echo"), Map.of(), null, null);
    }

    static HostConfig host(String networkMode, boolean readonly, boolean privileged) {
        return new HostConfig(null, networkMode, null, null, false, null, null, privileged, false, readonly, null);
    }

    static ContainerRecord record(String id, String name, ContainerConfig config, HostConfig host) {
        return new ContainerRecord(id, name, Instant.parse("2024-01-01T00:00:00Z"), "sha256:" + "1".repeat(64), "busybox",
                "echo", List.of("hi"), config, host, null, ContainerRecord.createdState(), List.of(), null, 0, false, "shared");
    }
}
