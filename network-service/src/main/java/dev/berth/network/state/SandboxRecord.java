package dev.berth.network.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's network namespace, created with {@code ip netns add <netnsName>}, and the ports it
 * publishes on the host.
 */
public record SandboxRecord(String containerId, String netnsName, List<PortRecord> ports) {
    public SandboxRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public SandboxRecord(String containerId, String netnsName) {
        this(containerId, netnsName, List.of());
    }

    public SandboxRecord withPorts(List<PortRecord> added) {
        List<PortRecord> all = new ArrayList<>(ports);
        all.addAll(added);
        return new SandboxRecord(containerId, netnsName, all);
    }

    public SandboxRecord withoutPorts() {
        return new SandboxRecord(containerId, netnsName, List.of());
    }
}
