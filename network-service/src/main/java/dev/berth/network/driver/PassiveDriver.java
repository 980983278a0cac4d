package dev.berth.network.driver;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.SandboxRecord;

/**
 * The networks with nothing to configure, and exclusive of any other: "host" (the container
 * shares the host's namespace; the gateway leaves the network namespace out of the OCI spec) and
 * Docker's "none" (the container's own namespace with only the loopback CreateSandbox brought up).
 */
public record PassiveDriver(String type, boolean needsSandbox) implements NetworkDriver {
    public static final PassiveDriver HOST = new PassiveDriver(Drivers.HOST, false);
    public static final PassiveDriver NONE = new PassiveDriver(Drivers.NULL, true);

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public boolean connectsInterface() {
        return false;
    }

    @Override
    public void connect(NetworkRecord network, SandboxRecord sandbox, EndpointRecord endpoint, boolean defaultRoute) {
        // nothing to connect: see the class comment
    }

    @Override
    public void disconnect(NetworkRecord network, EndpointRecord endpoint) {
        // nothing was connected
    }
}
