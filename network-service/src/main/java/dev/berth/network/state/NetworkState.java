package dev.berth.network.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything the service knows, as an immutable value: every change makes a new state, which is
 * persisted before it replaces the current one, so a failed write changes nothing.
 */
public record NetworkState(
        Map<String, NetworkRecord> networks,
        Map<String, SandboxRecord> sandboxes,
        Map<String, EndpointRecord> endpoints) {

    public NetworkState {
        networks = frozen(networks);
        sandboxes = frozen(sandboxes);
        endpoints = frozen(endpoints);
    }

    public static NetworkState empty() {
        return new NetworkState(Map.of(), Map.of(), Map.of());
    }

    public static NetworkState of(List<NetworkRecord> networks, List<SandboxRecord> sandboxes, List<EndpointRecord> endpoints) {
        NetworkState state = empty();
        for (NetworkRecord network : networks) {
            state = state.withNetwork(network);
        }
        for (SandboxRecord sandbox : sandboxes) {
            state = state.withSandbox(sandbox);
        }
        for (EndpointRecord endpoint : endpoints) {
            state = state.withEndpoint(endpoint);
        }
        return state;
    }

    public NetworkState withNetwork(NetworkRecord network) {
        Map<String, NetworkRecord> next = new LinkedHashMap<>(networks);
        next.put(network.id(), network);
        return new NetworkState(next, sandboxes, endpoints);
    }

    public NetworkState withoutNetwork(String networkId) {
        Map<String, NetworkRecord> next = new LinkedHashMap<>(networks);
        next.remove(networkId);
        return new NetworkState(next, sandboxes, endpoints);
    }

    public NetworkState withSandbox(SandboxRecord sandbox) {
        Map<String, SandboxRecord> next = new LinkedHashMap<>(sandboxes);
        next.put(sandbox.containerId(), sandbox);
        return new NetworkState(networks, next, endpoints);
    }

    public NetworkState withoutSandbox(String containerId) {
        Map<String, SandboxRecord> next = new LinkedHashMap<>(sandboxes);
        next.remove(containerId);
        return new NetworkState(networks, next, endpoints);
    }

    /** The state without the container's published ports that lead to {@code containerIp}. */
    public NetworkState withoutPortsTo(String containerId, String containerIp) {
        SandboxRecord sandbox = sandboxes.get(containerId);
        if (sandbox == null || sandbox.ports().stream().noneMatch(p -> p.containerIp().equals(containerIp))) {
            return this;
        }
        List<PortRecord> kept = sandbox.ports().stream().filter(p -> !p.containerIp().equals(containerIp)).toList();
        return withSandbox(sandbox.withoutPorts().withPorts(kept));
    }

    public NetworkState withEndpoint(EndpointRecord endpoint) {
        Map<String, EndpointRecord> next = new LinkedHashMap<>(endpoints);
        next.put(endpoint.id(), endpoint);
        return new NetworkState(networks, sandboxes, next);
    }

    public NetworkState withoutEndpoint(String endpointId) {
        Map<String, EndpointRecord> next = new LinkedHashMap<>(endpoints);
        next.remove(endpointId);
        return new NetworkState(networks, sandboxes, next);
    }

    /** The network's endpoints that are done attaching (what DNS and listings show). */
    public List<EndpointRecord> attachedOn(String networkId) {
        return endpointsWhere(e -> e.networkId().equals(networkId) && !e.pending());
    }

    public Optional<NetworkRecord> networkNamed(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public List<EndpointRecord> endpointsOfContainer(String containerId) {
        return endpointsWhere(e -> e.containerId().equals(containerId));
    }

    public List<EndpointRecord> endpointsOnNetwork(String networkId) {
        return endpointsWhere(e -> e.networkId().equals(networkId));
    }

    public Optional<EndpointRecord> endpoint(String containerId, String networkId) {
        return endpoints.values().stream()
                .filter(e -> e.containerId().equals(containerId) && e.networkId().equals(networkId))
                .findFirst();
    }

    private List<EndpointRecord> endpointsWhere(Predicate<EndpointRecord> filter) {
        return endpoints.values().stream().filter(filter).toList();
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        // LinkedHashMap keeps creation order, so listings are stable
        return Collections.unmodifiableMap(new LinkedHashMap<>(map == null ? Map.of() : map));
    }
}
