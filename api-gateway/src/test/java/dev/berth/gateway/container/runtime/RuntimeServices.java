package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import org.junit.jupiter.api.Assumptions;

/**
 * What the container runtime's integration tests run against: the real services of a
 * {@link ServiceStack}, clients of them, the busybox image and the gateway's settings. Outside
 * CI a missing prerequisite skips the test class; with CI=true it fails it.
 */
final class RuntimeServices implements AutoCloseable {
    final ServiceStack stack;
    final ServiceClients clients;
    final BusyboxImage images;
    final GatewaySettings settings;

    private RuntimeServices(ServiceStack stack) throws Exception {
        this.stack = stack;
        this.clients = new ServiceClients("unix://" + stack.socket("content"), "unix://" + stack.socket("snapshotter"),
                "unix://" + stack.socket("network"), "berth");
        this.images = new BusyboxImage(clients);
        this.settings = new GatewaySettings(stack.dir.resolve("gateway"), stack.state, stack.state.resolve("berth.sock"),
                stack.shimScript.toString(), "/usr/sbin/runc", stack.state.resolve("runc"), "berth");
    }

    static RuntimeServices start() throws Exception {
        String missing = ServiceStack.missing();
        if ("true".equals(System.getenv("CI"))) {
            assertNull(missing, () -> "CI must run the integration test: " + missing);
        }
        Assumptions.assumeTrue(missing == null, () -> "integration test skipped: " + missing);
        ServiceStack stack = new ServiceStack();
        try {
            return new RuntimeServices(stack);
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        clients.close();
        stack.close();
    }
}
