package dev.berth.network.driver;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.SandboxRecord;

/** Docker's "none": the container's own namespace with only loopback, which CreateSandbox already set up. */
public final class NullDriver implements NetworkDriver {
    @Override
    public String type() {
        return Drivers.NULL;
    }

    @Override
    public boolean needsSandbox() {
        return true;
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
        // loopback only, and the sandbox brought it up
    }

    @Override
    public void disconnect(NetworkRecord network, EndpointRecord endpoint) {
        // nothing was configured
    }
}
