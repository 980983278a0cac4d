package dev.berth.network.core;

import dev.berth.network.NetworkSettings;
import dev.berth.network.driver.BridgeDriver;
import dev.berth.network.driver.Drivers;
import dev.berth.network.firewall.Firewall;
import dev.berth.network.host.IpRoute;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Subnet;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and removes user-defined bridge networks: the record, the Linux bridge, its rules and
 * its services (DNS). Creating writes the record first and undoes everything on a failure;
 * removing undoes the kernel side first and drops the record last, as the controller does.
 */
public final class NetworkCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkCatalog.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final String BRIDGE_NAME_PREFIX = "bn-";
    private static final int BRIDGE_NAME_ID_LENGTH = 12;

    private final SharedState shared;
    private final BridgeDriver bridges;
    private final Firewall firewall;
    private final NetworkServices services;
    private final SubnetChooser subnets;
    private final IpRoute ip;

    public NetworkCatalog(SharedState shared, BridgeDriver bridges, Firewall firewall, NetworkServices services,
                          IpRoute ip, NetworkSettings settings) {
        this.shared = shared;
        this.bridges = bridges;
        this.firewall = firewall;
        this.services = services;
        this.subnets = new SubnetChooser(ip, settings.pool(), NetworkSettings.POOL_PREFIX_LENGTH);
        this.ip = ip;
    }

    public NetworkRecord create(NetworkRequest request) throws IOException {
        return shared.locked(() -> {
            NetworkState state = shared.current();
            NetworkRecord network = newRecord(request, state);
            NetworkState with = state.withNetwork(network);
            shared.commit(with);
            try {
                bridges.createBridge(network);
                firewall.apply(with);
                services.start(network);
            } catch (RuntimeException e) {
                undoCreate(network, state, e);
                throw e;
            }
            return network;
        });
    }

    public void remove(String nameOrId) throws IOException {
        shared.locked(() -> {
            NetworkState state = shared.current();
            NetworkRecord network = NetworkLookup.find(state, nameOrId);
            if (network.builtIn()) {
                throw NetworkError.permissionDenied(network.name()
                        + " is a pre-defined network and cannot be removed");
            }
            List<EndpointRecord> endpoints = state.endpointsOnNetwork(network.id());
            if (!endpoints.isEmpty()) {
                throw NetworkError.failedPrecondition("error while removing network: network " + network.name()
                        + " id " + network.id() + " has active endpoints");
            }
            NetworkState without = state.withoutNetwork(network.id());
            services.stop(network);
            bridges.removeBridge(network);
            firewall.apply(without);
            shared.commit(without);
            return null;
        });
    }

    private void undoCreate(NetworkRecord network, NetworkState previous, RuntimeException failure) {
        try {
            services.stop(network);
            bridges.removeBridge(network);
            firewall.apply(previous);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        shared.rollBack(previous);
        LOG.warn("network {} not created: {}", network.name(), failure.getMessage());
    }

    private NetworkRecord newRecord(NetworkRequest request, NetworkState state) {
        String name = request.name();
        if (name.isEmpty() || !NAME.matcher(name).matches()) {
            throw NetworkError.invalidArgument("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] "
                    + "are allowed");
        }
        if (state.networkNamed(name).isPresent()) {
            throw NetworkError.alreadyExists("network with name " + name + " already exists");
        }
        String driver = request.driver().isEmpty() ? Drivers.BRIDGE : request.driver();
        if (driver.equals(Drivers.HOST) || driver.equals(Drivers.NULL)) {
            throw NetworkError.invalidArgument("only one instance of \"" + driver + "\" network is allowed");
        }
        if (!driver.equals(Drivers.BRIDGE)) {
            throw NetworkError.invalidArgument("plugin \"" + driver + "\" not found");
        }
        boolean userSubnet = !request.subnet().isEmpty();
        Subnet subnet;
        if (userSubnet) {
            subnet = parse("subnet", request.subnet());
            subnets.requireFree(subnet, state);
        } else {
            subnet = subnets.next(state);
        }
        int gateway = request.gateway().isEmpty() ? subnet.firstHost() : address("gateway", request.gateway());
        if (!subnet.isHost(gateway)) {
            throw NetworkError.invalidArgument("gateway " + Ipv4.format(gateway) + " is not a host address of subnet "
                    + subnet);
        }
        String ipRange = "";
        if (!request.ipRange().isEmpty()) {
            Subnet range = parseRange(request.ipRange());
            if (!subnet.encloses(range)) {
                throw NetworkError.invalidArgument("ip-range " + range + " is not within subnet " + subnet);
            }
            ipRange = range.toString();
        }
        requireValidMtu(request.options().get(NetworkRecord.MTU_OPTION));
        String id = Ids.random64Hex();
        String bridgeName = bridgeName(request, id, state);
        return new NetworkRecord(id, name, driver, subnet.toString(), Ipv4.format(gateway), bridgeName,
                request.labels(), false, userSubnet, ipRange, request.internal(), request.options(),
                request.attachable(), Instant.now().toString());
    }

    private String bridgeName(NetworkRequest request, String id, NetworkState state) {
        String given = request.options().get(NetworkRecord.BRIDGE_NAME_OPTION);
        String name = given == null || given.isEmpty()
                ? BRIDGE_NAME_PREFIX + id.substring(0, BRIDGE_NAME_ID_LENGTH)
                : given;
        if (!NetworkSettings.validInterfaceName(name)) {
            throw NetworkError.invalidArgument("invalid bridge name \"" + name
                    + "\": 1 to 15 characters of [A-Za-z0-9_.-]");
        }
        state.networks().values().stream()
                .filter(n -> n.bridgeName().equals(name))
                .findFirst()
                .ifPresent(owner -> {
                    throw NetworkError.failedPrecondition("bridge " + name + " is already used by network "
                            + owner.name());
                });
        // never adopt a device Berth did not make: removing the network (or undoing a failed
        // create) deletes its bridge, which must not take docker0 or eth0 with it
        if (ip.linkExists(name)) {
            throw NetworkError.failedPrecondition("network device " + name + " already exists");
        }
        return name;
    }

    private static void requireValidMtu(String mtu) {
        if (mtu == null || mtu.isEmpty()) {
            return;
        }
        if (!mtu.matches("[0-9]{2,5}") || Integer.parseInt(mtu) < 68 || Integer.parseInt(mtu) > 65535) {
            throw NetworkError.invalidArgument("invalid " + NetworkRecord.MTU_OPTION + " \"" + mtu
                    + "\": a number from 68 to 65535");
        }
    }

    private static Subnet parse(String what, String cidr) {
        try {
            return Subnet.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw NetworkError.invalidArgument("invalid " + what + ": " + e.getMessage());
        }
    }

    private static Subnet parseRange(String cidr) {
        try {
            return Subnet.parseAny(cidr);
        } catch (IllegalArgumentException e) {
            throw NetworkError.invalidArgument("invalid ip-range: " + e.getMessage());
        }
    }

    private static int address(String what, String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw NetworkError.invalidArgument("invalid " + what + ": " + e.getMessage());
        }
    }
}
