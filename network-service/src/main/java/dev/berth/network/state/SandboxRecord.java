package dev.berth.network.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's network namespace, made as {@code ip netns add <netnsName>} makes one, the ports it
 * publishes on the host, and the name servers it was given (--dns), which the DNS servers of
 * user-defined networks forward its questions to instead of their own upstreams.
 */
public record SandboxRecord(String containerId, String netnsName, List<PortRecord> ports, List<String> dnsServers) {
    public SandboxRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers); // absent from older state files
    }

    public SandboxRecord(String containerId, String netnsName, List<PortRecord> ports) {
        this(containerId, netnsName, ports, List.of());
    }

    public SandboxRecord(String containerId, String netnsName) {
        this(containerId, netnsName, List.of(), List.of());
    }

    public SandboxRecord withPorts(List<PortRecord> added) {
        List<PortRecord> all = new ArrayList<>(ports);
        all.addAll(added);
        return new SandboxRecord(containerId, netnsName, all, dnsServers);
    }

    public SandboxRecord withoutPorts() {
        return new SandboxRecord(containerId, netnsName, List.of(), dnsServers);
    }

    public SandboxRecord withDnsServers(List<String> servers) {
        return new SandboxRecord(containerId, netnsName, ports, servers);
    }
}
