package dev.berth.network.driver;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.SandboxRecord;
import java.util.Set;

/**
 * What a kind of network does in the kernel when a container joins or leaves it. Bookkeeping
 * (addresses, records, persistence) stays with the controller, so every driver sees the same rules.
 */
public interface NetworkDriver {
    /** Docker's driver name: bridge, host or null. */
    String type();

    /** Whether the container gets its own network namespace (false for host). */
    boolean needsSandbox();

    /** Whether a container on a network of this driver can be on no other network (host, none). */
    boolean exclusive();

    /** Whether endpoints get an address, a veth pair and an interface from the network. */
    boolean connectsInterface();

    /** Configures the endpoint in the kernel; on failure leaves nothing behind and throws. */
    void connect(NetworkRecord network, SandboxRecord sandbox, EndpointRecord endpoint, boolean defaultRoute);

    /** Removes what {@link #connect} made; what is already gone is not an error. */
    void disconnect(NetworkRecord network, EndpointRecord endpoint);

    /**
     * As {@link #disconnect}, for an endpoint whose namespace is removed right after: what the
     * namespace's removal takes down anyway may be left to finish after the call returns.
     */
    default void disconnectWithNamespace(NetworkRecord network, EndpointRecord endpoint) {
        disconnect(network, endpoint);
    }

    /** Points the sandbox's default route at the endpoint's gateway. */
    default void routeDefaultVia(SandboxRecord sandbox, EndpointRecord endpoint) {}

    /** Removes host interfaces of the network that no endpoint owns, left by a crash. */
    default void removeStrays(NetworkRecord network, Set<String> ownedHostInterfaces) {}
}
