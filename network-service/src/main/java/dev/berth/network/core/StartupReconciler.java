package dev.berth.network.core;

import dev.berth.network.driver.Drivers;
import dev.berth.network.driver.NetworkDriver;
import dev.berth.network.host.IpRoute;
import dev.berth.network.host.NamedNetns;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.SandboxRecord;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the saved state in line with the kernel after a restart, a crash or a reboot: sandboxes
 * whose namespace is gone are dropped, endpoints whose veth or namespace is gone release their
 * address, endpoints an interrupted attach left pending are rolled back, and veths on Berth's
 * bridges that no endpoint owns (a crash mid-attach) are deleted.
 */
final class StartupReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReconciler.class);

    private final Drivers drivers;
    private final NamedNetns netns;
    private final IpRoute ip;

    StartupReconciler(Drivers drivers, NamedNetns netns, IpRoute ip) {
        this.drivers = drivers;
        this.netns = netns;
        this.ip = ip;
    }

    NetworkState reconcile(NetworkState state) {
        for (SandboxRecord sandbox : state.sandboxes().values()) {
            if (!netns.exists(sandbox.netnsName())) {
                LOG.info("container {}: network namespace {} is gone, releasing its sandbox", sandbox.containerId(),
                        sandbox.netnsName());
                state = state.withoutSandbox(sandbox.containerId());
            }
        }
        Set<String> links = ip.linkNames();
        for (EndpointRecord endpoint : state.endpoints().values()) {
            NetworkRecord network = state.networks().get(endpoint.networkId());
            if (network == null) {
                LOG.info("endpoint {}: network {} no longer exists, releasing it", endpoint.id(), endpoint.networkId());
                state = state.withoutEndpoint(endpoint.id());
                continue;
            }
            NetworkDriver driver = drivers.get(network.driver());
            boolean sandboxGone = driver.needsSandbox() && !state.sandboxes().containsKey(endpoint.containerId());
            boolean interfaceGone = driver.connectsInterface() && !links.contains(endpoint.hostInterface());
            if (endpoint.pending()) {
                LOG.info("container {}: attach to {} was interrupted, rolling it back", endpoint.containerId(),
                        network.name());
                driver.disconnect(network, endpoint);
                state = state.withoutEndpoint(endpoint.id());
            } else if (sandboxGone || interfaceGone) {
                LOG.info("container {}: endpoint on {} ({}) is gone, releasing it", endpoint.containerId(),
                        network.name(), endpoint.ipAddress().isEmpty() ? "no address" : endpoint.ipAddress());
                driver.disconnect(network, endpoint);
                state = state.withoutEndpoint(endpoint.id()).withoutPortsTo(endpoint.containerId(),
                        endpoint.ipAddress());
            }
        }
        Set<String> owned = state.endpoints().values().stream()
                .map(EndpointRecord::hostInterface)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        for (NetworkRecord network : state.networks().values()) {
            drivers.get(network.driver()).removeStrays(network, owned);
        }
        return state;
    }
}
