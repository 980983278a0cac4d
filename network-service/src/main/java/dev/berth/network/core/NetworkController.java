package dev.berth.network.core;

import dev.berth.network.NetworkSettings;
import dev.berth.network.driver.BridgeDriver;
import dev.berth.network.driver.BridgeSetup;
import dev.berth.network.driver.Drivers;
import dev.berth.network.driver.NetworkDriver;
import dev.berth.network.driver.PassiveDriver;
import dev.berth.network.exec.CommandRunner;
import dev.berth.network.host.IpRoute;
import dev.berth.network.host.Iptables;
import dev.berth.network.host.NamedNetns;
import dev.berth.network.ipam.AddressAllocator;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Subnet;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.SandboxRecord;
import dev.berth.network.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network service's logic: sandboxes, endpoints and their addresses. One lock serializes every
 * change. Records are written ahead of kernel changes when something is made (a crash leaves a
 * record the reconciler can release, never an address handed out twice) and dropped after kernel
 * changes when something is removed (a crash leaves a record whose veth or namespace is gone).
 */
public final class NetworkController {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkController.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final StateStore store;
    private final Drivers drivers;
    private final NamedNetns netns;
    private final IpRoute ip;
    private NetworkState state;

    private NetworkController(StateStore store, Drivers drivers, NamedNetns netns, IpRoute ip, NetworkState state) {
        this.store = store;
        this.drivers = drivers;
        this.netns = netns;
        this.ip = ip;
        this.state = state;
    }

    /** Loads the state under {@code root}, adds the built-in networks and reconciles with the kernel. */
    public static NetworkController open(Path root, NetworkSettings settings) throws IOException {
        CommandRunner runner = new CommandRunner();
        IpRoute ip = new IpRoute(runner);
        NamedNetns netns = new NamedNetns(ip);
        BridgeSetup bridgeSetup = new BridgeSetup(ip, new Iptables(runner), settings.chainPrefix());
        Drivers drivers = new Drivers(new BridgeDriver(ip, bridgeSetup), PassiveDriver.HOST, PassiveDriver.NONE);
        StateStore store = new StateStore(root);
        NetworkState loaded = BuiltInNetworks.ensure(store.load(), settings);
        NetworkState reconciled = new StartupReconciler(drivers, netns, ip).reconcile(loaded);
        store.save(reconciled);
        return new NetworkController(store, drivers, netns, ip, reconciled);
    }

    /** Creates the container's namespace with loopback up, or returns the existing one. */
    public SandboxRecord createSandbox(String containerId) throws IOException {
        ContainerIds.requireValid(containerId);
        lock.lock();
        try {
            SandboxRecord existing = state.sandboxes().get(containerId);
            if (existing != null && netns.exists(existing.netnsName())) {
                return existing;
            }
            if (existing != null) {
                // the namespace vanished underneath us (removed by hand): its interfaces went with it
                releaseEndpoints(containerId);
            }
            String name = ContainerIds.netnsName(containerId);
            Optional<SandboxRecord> holder = state.sandboxes().values().stream()
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
            SandboxRecord sandbox = new SandboxRecord(containerId, name);
            commit(state.withSandbox(sandbox));
            try {
                netns.create(name);
            } catch (RuntimeException e) {
                rollBack(state.withoutSandbox(containerId));
                throw e;
            }
            return sandbox;
        } finally {
            lock.unlock();
        }
    }

    /** Detaches every endpoint of the container and deletes its namespace; nothing to do is not an error. */
    public void removeSandbox(String containerId) throws IOException {
        ContainerIds.requireValid(containerId);
        lock.lock();
        try {
            releaseEndpoints(containerId);
            SandboxRecord sandbox = state.sandboxes().get(containerId);
            if (sandbox != null) {
                netns.removeIfExists(sandbox.netnsName());
                commit(state.withoutSandbox(containerId));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Joins the container to the network: for a bridge, a veth pair, an address and the default route. */
    public JoinedEndpoint attach(String containerId, String networkRef, List<String> aliases) throws IOException {
        ContainerIds.requireValid(containerId);
        lock.lock();
        try {
            NetworkRecord network = NetworkLookup.find(state, networkRef.isEmpty() ? BuiltInNetworks.BRIDGE : networkRef);
            NetworkDriver driver = drivers.get(network.driver());
            if (state.endpoint(containerId, network.id()).isPresent()) {
                throw NetworkError.alreadyExists("endpoint with name " + containerId + " already exists in network "
                        + network.name());
            }
            List<EndpointRecord> others = state.endpointsOfContainer(containerId);
            requireCombinable(containerId, network, driver, others);
            SandboxRecord sandbox = state.sandboxes().get(containerId);
            if (driver.needsSandbox() && sandbox == null) {
                throw NetworkError.failedPrecondition("container " + containerId
                        + " has no network sandbox; call CreateSandbox first");
            }
            if (!driver.needsSandbox() && sandbox != null) {
                throw NetworkError.failedPrecondition("container " + containerId
                        + " has its own network namespace and cannot join network " + network.name());
            }
            EndpointRecord endpoint = driver.connectsInterface()
                    ? newInterfaceEndpoint(network, containerId, others, aliases)
                    : new EndpointRecord(Ids.random64Hex(), network.id(), containerId, "", 0, "", "", "", "", aliases);
            commit(state.withEndpoint(endpoint));
            try {
                driver.connect(network, sandbox, endpoint, others.stream().noneMatch(EndpointRecord::hasAddress));
            } catch (RuntimeException e) {
                rollBack(state.withoutEndpoint(endpoint.id()));
                throw e;
            }
            return new JoinedEndpoint(network, endpoint);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the container off the network and releases its address; not being on it is not an error. */
    public void detach(String containerId, String networkRef) throws IOException {
        ContainerIds.requireValid(containerId);
        lock.lock();
        try {
            NetworkRecord network = NetworkLookup.find(state, networkRef.isEmpty() ? BuiltInNetworks.BRIDGE : networkRef);
            Optional<EndpointRecord> endpoint = state.endpoint(containerId, network.id());
            if (endpoint.isEmpty()) {
                return;
            }
            Optional<EndpointRecord> routeHolder = firstAddressed(containerId);
            release(endpoint.get());
            Optional<EndpointRecord> successor = firstAddressed(containerId);
            SandboxRecord sandbox = state.sandboxes().get(containerId);
            if (routeHolder.equals(endpoint) && successor.isPresent() && sandbox != null) {
                // the default route went with the interface; the next network takes it over
                NetworkRecord next = state.networks().get(successor.get().networkId());
                try {
                    drivers.get(next.driver()).routeDefaultVia(sandbox, successor.get());
                } catch (RuntimeException e) {
                    LOG.warn("container {}: cannot move the default route to {}: {}", containerId, next.name(),
                            e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public List<NetworkView> listNetworks() {
        NetworkState snapshot = snapshot();
        return snapshot.networks().values().stream()
                .map(n -> new NetworkView(n, snapshot.endpointsOnNetwork(n.id())))
                .toList();
    }

    public NetworkView getNetwork(String nameOrId) {
        NetworkState snapshot = snapshot();
        NetworkRecord network = NetworkLookup.find(snapshot, nameOrId);
        return new NetworkView(network, snapshot.endpointsOnNetwork(network.id()));
    }

    public Path netnsPath(SandboxRecord sandbox) {
        return netns.path(sandbox.netnsName());
    }

    private NetworkState snapshot() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Host and none are exclusive, as in Docker: a container on one of them can be on no other network. */
    private void requireCombinable(String containerId, NetworkRecord network, NetworkDriver driver,
                                   List<EndpointRecord> others) {
        for (EndpointRecord other : others) {
            NetworkRecord otherNetwork = state.networks().get(other.networkId());
            if (driver.exclusive() || drivers.get(otherNetwork.driver()).exclusive()) {
                throw NetworkError.failedPrecondition("container " + containerId + " is on network "
                        + otherNetwork.name() + " and cannot also join network " + network.name()
                        + " (host and none cannot be combined with other networks)");
            }
        }
    }

    private EndpointRecord newInterfaceEndpoint(NetworkRecord network, String containerId, List<EndpointRecord> others,
                                                List<String> aliases) {
        Subnet subnet = Subnet.parse(network.subnet());
        int gateway = Ipv4.parse(network.gateway());
        Set<Integer> inUse = state.endpointsOnNetwork(network.id()).stream()
                .filter(EndpointRecord::hasAddress)
                .map(e -> Ipv4.parse(e.ipAddress()))
                .collect(Collectors.toSet());
        int address = AddressAllocator.firstFree(subnet, gateway, inUse).orElseThrow(() -> NetworkError.resourceExhausted(
                "no available IPv4 addresses on network " + network.name() + " (" + subnet + ")"));
        return new EndpointRecord(Ids.random64Hex(), network.id(), containerId, Ipv4.format(address),
                subnet.prefixLength(), network.gateway(), Ipv4.macFor(address), nextInterfaceName(others),
                newHostInterfaceName(), aliases);
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
        Set<String> owned = state.endpoints().values().stream()
                .map(EndpointRecord::hostInterface)
                .collect(Collectors.toSet());
        while (true) {
            String name = BridgeDriver.HOST_INTERFACE_PREFIX + Ids.randomHex(8);
            if (!owned.contains(name) && !ip.linkExists(name)) {
                return name;
            }
        }
    }

    private Optional<EndpointRecord> firstAddressed(String containerId) {
        return state.endpointsOfContainer(containerId).stream().filter(EndpointRecord::hasAddress).findFirst();
    }

    private void releaseEndpoints(String containerId) throws IOException {
        for (EndpointRecord endpoint : state.endpointsOfContainer(containerId)) {
            release(endpoint);
        }
    }

    /** Kernel first, record second: the address is free only once nothing uses it. */
    private void release(EndpointRecord endpoint) throws IOException {
        NetworkRecord network = state.networks().get(endpoint.networkId());
        if (network != null) {
            drivers.get(network.driver()).disconnect(network, endpoint);
        }
        commit(state.withoutEndpoint(endpoint.id()));
    }

    private void commit(NetworkState next) throws IOException {
        store.save(next);
        state = next;
    }

    /**
     * Undoes a write-ahead record after the kernel change failed and was cleaned up. Memory is
     * updated even if the write fails: every save writes the whole state, so the next one
     * catches up, and after a crash the reconciler drops the record anyway.
     */
    private void rollBack(NetworkState previous) {
        state = previous;
        try {
            store.save(previous);
        } catch (IOException e) {
            LOG.warn("cannot persist a rollback, the next change will: {}", e.getMessage());
        }
    }
}
