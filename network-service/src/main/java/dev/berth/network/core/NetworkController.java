package dev.berth.network.core;

import dev.berth.network.dns.Upstreams;
import dev.berth.network.driver.BridgeDriver;
import dev.berth.network.driver.Drivers;
import dev.berth.network.driver.NetworkDriver;
import dev.berth.network.host.IpRoute;
import dev.berth.network.host.NamedNetns;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.SandboxRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes, endpoints and their addresses. Records are written ahead of kernel changes when
 * something is made (an endpoint is recorded pending, so a crash leaves a record the next start
 * rolls back, never an address handed out twice) and dropped after kernel changes when something
 * is removed (a crash leaves a record whose veth or namespace is gone).
 */
public final class NetworkController {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkController.class);

    private final SharedState shared;
    private final Drivers drivers;
    private final NamedNetns netns;
    private final IpRoute ip;
    private final PortRelease ports;
    private final CrashPoints crashPoints;

    public NetworkController(SharedState shared, Drivers drivers, NamedNetns netns, IpRoute ip, PortRelease ports,
                             CrashPoints crashPoints) {
        this.shared = shared;
        this.drivers = drivers;
        this.netns = netns;
        this.ip = ip;
        this.ports = ports;
        this.crashPoints = crashPoints;
    }

    /** Creates the container's namespace with loopback up, or returns the existing one. */
    public SandboxRecord createSandbox(String containerId) throws IOException {
        return createSandbox(containerId, List.of());
    }

    /** @param dnsServers the container's own name servers (--dns): IP addresses, forwarded to by user networks' DNS */
    public SandboxRecord createSandbox(String containerId, List<String> dnsServers) throws IOException {
        ContainerIds.requireValid(containerId);
        for (String server : dnsServers) {
            try {
                Upstreams.literal(server);
            } catch (IllegalArgumentException e) {
                throw NetworkError.invalidArgument("invalid name server " + server + ": not an IP address");
            }
        }
        return shared.locked(() -> {
            SandboxRecord existing = state().sandboxes().get(containerId);
            if (existing != null && netns.exists(existing.netnsName())) {
                if (!existing.dnsServers().equals(dnsServers)) {
                    existing = existing.withDnsServers(dnsServers);
                    shared.commit(state().withSandbox(existing));
                }
                return existing;
            }
            if (existing != null) {
                // the namespace vanished underneath us (removed by hand): its interfaces went with it
                ports.unpublishAll(containerId);
                releaseEndpoints(containerId);
                existing = state().sandboxes().get(containerId);
            }
            String name = ContainerIds.netnsName(containerId);
            Optional<SandboxRecord> holder = state().sandboxes().values().stream()
                    .filter(s -> s.netnsName().equals(name) && !s.containerId().equals(containerId))
                    .findFirst();
            if (holder.isPresent()) {
                throw NetworkError.alreadyExists("network namespace " + name + " is already used by container "
                        + holder.get().containerId());
            }
            if (netns.exists(name)) {
                throw NetworkError.failedPrecondition("network namespace " + name
                        + " already exists and is not managed by this service; remove it with: ip netns del " + name);
            }
            SandboxRecord sandbox = (existing != null ? existing : new SandboxRecord(containerId, name)).withDnsServers(dnsServers);
            NetworkState before = state();
            shared.commit(before.withSandbox(sandbox));
            try {
                netns.create(name);
            } catch (RuntimeException e) {
                shared.rollBack(before);
                throw e;
            }
            return sandbox;
        });
    }

    /**
     * Unpublishes its ports, detaches every endpoint and deletes the namespace; nothing to do is not
     * an error. The host ends of its veth pairs go in the background (the namespace's removal
     * takes the pairs down; {@link NetworkDriver#disconnectWithNamespace}).
     */
    public void removeSandbox(String containerId) throws IOException {
        ContainerIds.requireValid(containerId);
        shared.locked(() -> {
            ports.unpublishAll(containerId);
            for (EndpointRecord endpoint : state().endpointsOfContainer(containerId)) {
                NetworkRecord network = state().networks().get(endpoint.networkId());
                if (network != null) {
                    drivers.get(network.driver()).disconnectWithNamespace(network, endpoint);
                }
                shared.commit(state().withoutEndpoint(endpoint.id()));
            }
            SandboxRecord sandbox = state().sandboxes().get(containerId);
            if (sandbox != null) {
                netns.removeIfExists(sandbox.netnsName());
                shared.commit(state().withoutSandbox(containerId));
            }
            return null;
        });
    }

    /** Joins the container to the network: for a bridge, a veth pair, an address and the default route. */
    public JoinedEndpoint attach(AttachSpec request) throws IOException {
        String containerId = ContainerIds.requireValid(request.containerId());
        return shared.locked(() -> {
            NetworkState before = state();
            NetworkRecord network = NetworkLookup.find(before, orDefault(request.network()));
            NetworkDriver driver = drivers.get(network.driver());
            if (before.endpoint(containerId, network.id()).isPresent()) {
                throw NetworkError.alreadyExists("endpoint with name " + containerId + " already exists in network "
                        + network.name());
            }
            List<EndpointRecord> others = before.endpointsOfContainer(containerId);
            requireCombinable(containerId, network, driver, others);
            SandboxRecord sandbox = before.sandboxes().get(containerId);
            if (driver.needsSandbox() && sandbox == null) {
                throw NetworkError.failedPrecondition("container " + containerId
                        + " has no network sandbox; call CreateSandbox first");
            }
            if (!driver.needsSandbox() && sandbox != null) {
                throw NetworkError.failedPrecondition("container " + containerId
                        + " has its own network namespace and cannot join network " + network.name());
            }
            if (!request.ipv4Address().isEmpty() && !driver.connectsInterface()) {
                throw NetworkError.invalidArgument("network " + network.name() + " gives containers no address");
            }
            EndpointRecord endpoint = driver.connectsInterface()
                    ? newInterfaceEndpoint(network, request, others)
                    : new EndpointRecord(Ids.random64Hex(), network.id(), containerId, "", 0, "", "", "", "",
                            request.aliases(), request.containerName(), true);
            shared.commit(before.withEndpoint(endpoint));
            try {
                boolean defaultRoute = !network.internal() && firstRoutable(containerId, endpoint).isEmpty();
                driver.connect(network, sandbox, endpoint, defaultRoute);
            } catch (RuntimeException e) {
                shared.rollBack(before);
                throw e;
            }
            crashPoints.reach(CrashPoints.ATTACH_CONNECTED);
            EndpointRecord attached = endpoint.completed();
            shared.commit(state().withEndpoint(attached));
            return new JoinedEndpoint(network, attached);
        });
    }

    /** Takes the container off the network and releases its address; not being on it is not an error. */
    public void detach(String containerId, String networkRef) throws IOException {
        ContainerIds.requireValid(containerId);
        shared.locked(() -> {
            NetworkRecord network = NetworkLookup.find(state(), orDefault(networkRef));
            Optional<EndpointRecord> endpoint = state().endpoint(containerId, network.id());
            if (endpoint.isEmpty()) {
                return null;
            }
            Optional<EndpointRecord> routeHolder = firstRoutable(containerId, null);
            String address = endpoint.get().ipAddress();
            if (!address.isEmpty()) {
                // the address goes back to the pool: nothing may forward to it any more
                ports.unpublish(containerId, port -> port.containerIp().equals(address));
            }
            release(endpoint.get());
            Optional<EndpointRecord> successor = firstRoutable(containerId, null);
            SandboxRecord sandbox = state().sandboxes().get(containerId);
            if (routeHolder.equals(endpoint) && successor.isPresent() && sandbox != null) {
                // the default route went with the interface; the next network takes it over
                NetworkRecord next = state().networks().get(successor.get().networkId());
                try {
                    drivers.get(next.driver()).routeDefaultVia(sandbox, successor.get());
                } catch (RuntimeException e) {
                    LOG.warn("container {}: cannot move the default route to {}: {}", containerId, next.name(),
                            e.getMessage());
                }
            }
            return null;
        });
    }

    /** Gives the container's endpoints its new name (the name DNS answers for it). */
    public void renameContainer(String containerId, String newName) throws IOException {
        ContainerIds.requireValid(containerId);
        if (newName == null || newName.isEmpty()) {
            throw NetworkError.invalidArgument("new name is required");
        }
        shared.locked(() -> {
            NetworkState next = state();
            for (EndpointRecord endpoint : next.endpointsOfContainer(containerId)) {
                next = next.withEndpoint(endpoint.withContainerName(newName));
            }
            shared.commit(next);
            return null;
        });
    }

    public List<NetworkView> listNetworks() {
        NetworkState snapshot = state();
        return snapshot.networks().values().stream()
                .map(n -> new NetworkView(n, snapshot.attachedOn(n.id())))
                .toList();
    }

    public NetworkView getNetwork(String nameOrId) {
        NetworkState snapshot = state();
        NetworkRecord network = NetworkLookup.find(snapshot, nameOrId);
        return new NetworkView(network, snapshot.attachedOn(network.id()));
    }

    /** Every sandbox, and every container on the host network, with endpoints and ports. */
    public List<SandboxView> listSandboxes() {
        NetworkState snapshot = state();
        List<SandboxView> views = new ArrayList<>();
        Set<String> containers = new LinkedHashSet<>(snapshot.sandboxes().keySet());
        snapshot.endpoints().values().forEach(e -> containers.add(e.containerId()));
        for (String containerId : containers) {
            SandboxRecord sandbox = snapshot.sandboxes().get(containerId);
            List<JoinedEndpoint> endpoints = snapshot.endpointsOfContainer(containerId).stream()
                    .filter(e -> !e.pending())
                    .map(e -> new JoinedEndpoint(snapshot.networks().get(e.networkId()), e))
                    .toList();
            views.add(new SandboxView(containerId, sandbox == null ? "" : netnsPath(sandbox).toString(), endpoints,
                    sandbox == null ? List.of() : sandbox.ports()));
        }
        return views;
    }

    public Path netnsPath(SandboxRecord sandbox) {
        return netns.path(sandbox.netnsName());
    }

    private NetworkState state() {
        return shared.current();
    }

    private static String orDefault(String networkRef) {
        return networkRef == null || networkRef.isEmpty() ? BuiltInNetworks.BRIDGE : networkRef;
    }

    /** Host and none are exclusive, as in Docker: a container on one of them can be on no other network. */
    private void requireCombinable(String containerId, NetworkRecord network, NetworkDriver driver,
                                   List<EndpointRecord> others) {
        for (EndpointRecord other : others) {
            NetworkRecord otherNetwork = state().networks().get(other.networkId());
            if (driver.exclusive() || drivers.get(otherNetwork.driver()).exclusive()) {
                throw NetworkError.failedPrecondition("container " + containerId + " is on network "
                        + otherNetwork.name() + " and cannot also join network " + network.name()
                        + " (host and none cannot be combined with other networks)");
            }
        }
    }

    private EndpointRecord newInterfaceEndpoint(NetworkRecord network, AttachSpec request,
                                                List<EndpointRecord> others) {
        int address = AddressPicker.pick(state(), network, request.ipv4Address());
        int prefixLength = Integer.parseInt(network.subnet().substring(network.subnet().indexOf('/') + 1));
        return new EndpointRecord(Ids.random64Hex(), network.id(), request.containerId(), Ipv4.format(address),
                prefixLength, network.gateway(), Ipv4.macFor(address), nextInterfaceName(others),
                newHostInterfaceName(), request.aliases(), request.containerName(), true);
    }

    /** eth0, eth1, ...: the lowest index the container does not use yet. */
    private static String nextInterfaceName(List<EndpointRecord> others) {
        Set<String> used = others.stream().map(EndpointRecord::interfaceName).collect(Collectors.toSet());
        for (int index = 0; ; index++) {
            if (!used.contains("eth" + index)) {
                return "eth" + index;
            }
        }
    }

    private String newHostInterfaceName() {
        Set<String> owned = state().endpoints().values().stream()
                .map(EndpointRecord::hostInterface)
                .collect(Collectors.toSet());
        while (true) {
            String name = BridgeDriver.HOST_INTERFACE_PREFIX + Ids.randomHex(8);
            if (!owned.contains(name) && !ip.linkExists(name)) {
                return name;
            }
        }
    }

    /** The endpoint that holds (or would hold) the default route: the first with an address on a network with a way out. */
    private Optional<EndpointRecord> firstRoutable(String containerId, EndpointRecord except) {
        return state().endpointsOfContainer(containerId).stream()
                .filter(e -> except == null || !e.id().equals(except.id()))
                .filter(EndpointRecord::hasAddress)
                .filter(e -> !state().networks().get(e.networkId()).internal())
                .findFirst();
    }

    private void releaseEndpoints(String containerId) throws IOException {
        for (EndpointRecord endpoint : state().endpointsOfContainer(containerId)) {
            release(endpoint);
        }
    }

    /** Kernel first, record second: the address is free only once nothing uses it. */
    private void release(EndpointRecord endpoint) throws IOException {
        NetworkRecord network = state().networks().get(endpoint.networkId());
        if (network != null) {
            drivers.get(network.driver()).disconnect(network, endpoint);
        }
        shared.commit(state().withoutEndpoint(endpoint.id()));
    }
}
