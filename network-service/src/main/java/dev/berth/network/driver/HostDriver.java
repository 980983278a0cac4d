package dev.berth.network.driver;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.SandboxRecord;

/** The host network: the container shares the host's namespace, so there is nothing to configure. */
public final class HostDriver implements NetworkDriver {
    @Override
    public String type() {
        return Drivers.HOST;
    }

    @Override
    public boolean needsSandbox() {
        return false;
    }

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
        // the gateway leaves the network namespace out of the OCI spec; nothing happens here
    }

    @Override
    public void disconnect(NetworkRecord network, EndpointRecord endpoint) {
        // nothing was configured
    }
}
