package dev.berth.network.core;

import dev.berth.network.NetworkSettings;
import dev.berth.network.driver.Drivers;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks that always exist: "bridge" (Berth's own bridge), "host" and "none". Their ids are
 * made once and persisted; the bridge's device and subnet follow the current settings.
 */
public final class BuiltInNetworks {
    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    private static final Logger LOG = LoggerFactory.getLogger(BuiltInNetworks.class);

    private BuiltInNetworks() {}

    /** The state with every built-in network present and configured as {@code settings} say. */
    public static NetworkState ensure(NetworkState state, NetworkSettings settings) {
        state = ensure(state, BRIDGE, Drivers.BRIDGE, settings.subnet().toString(), Ipv4.format(settings.gateway()),
                settings.bridgeName());
        state = ensure(state, HOST, Drivers.HOST, "", "", "");
        return ensure(state, NONE, Drivers.NULL, "", "", "");
    }

    private static NetworkState ensure(NetworkState state, String name, String driver, String subnet, String gateway,
                                       String bridgeName) {
        var existing = state.networkNamed(name);
        String id = existing.map(NetworkRecord::id).orElseGet(Ids::random64Hex);
        String created = existing.map(NetworkRecord::created).filter(c -> !c.isEmpty())
                .orElseGet(() -> Instant.now().toString());
        NetworkRecord wanted = NetworkRecord.builtIn(id, name, driver, subnet, gateway, bridgeName, created);
        if (existing.isPresent() && existing.get().equals(wanted)) {
            return state;
        }
        if (existing.isPresent()) {
            LOG.warn("network {} changed from {} to {}; existing endpoints keep their addresses", name, existing.get(),
                    wanted);
        }
        return state.withNetwork(wanted);
    }
}
