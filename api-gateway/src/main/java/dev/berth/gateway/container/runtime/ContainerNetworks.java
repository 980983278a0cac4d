package dev.berth.gateway.container.runtime;

import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.ListSandboxesRequest;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.NetworkEndpoint;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker network connect and disconnect on a container (a running one joins or leaves now, a
 * created or stopped one at its next start), and the sweep of sandboxes that no running
 * container owns when the gateway starts.
 */
final class ContainerNetworks {
    private static final Logger log = LoggerFactory.getLogger(ContainerNetworks.class);

    private final ContainerRegistry registry;
    private final NetworkAttacher attacher;
    private final ServiceClients clients;

    ContainerNetworks(ContainerRegistry registry, NetworkAttacher attacher, ServiceClients clients) {
        this.registry = registry;
        this.attacher = attacher;
        this.clients = clients;
    }

    void connect(String ref, String network, List<String> aliases, String ipv4) {
        ManagedContainer container = registry.get(ref);
        NetworkInfo info = attacher.lookup(network);
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            ContainerRecord record = container.record();
            String mode = record.networkMode();
            if (mode.equals("host") || info.getDriver().equals("host")) {
                throw DockerApiException.badRequest("container cannot be disconnected from host network or connected to host network");
            }
            if (mode.equals("none") || info.getDriver().equals("null")) {
                throw DockerApiException.badRequest(
                        "Container cannot be connected to multiple networks with one of the networks in private (none) mode");
            }
            if (info.getBuiltIn() && !aliases.isEmpty()) {
                throw DockerApiException.badRequest("network-scoped alias is supported only for containers in user defined networks");
            }
            if (info.getBuiltIn() && ipv4 != null && !ipv4.isEmpty()) {
                throw DockerApiException.badRequest("user specified IP address is supported on user defined networks only");
            }
            if (EndpointsConfig.connected(record, network)) {
                throw new DockerApiException(403, "endpoint with name " + record.name() + " already exists in network " + network);
            }
            List<NetworkEndpoint> endpoints = new ArrayList<>(record.networks());
            endpoints.removeIf(e -> e.networkName().equals(network));
            if (record.running()) {
                Endpoint endpoint = attacher.attachOne(record, network, aliases, ipv4);
                endpoints.add(NetworkAttacher.endpoint(endpoint, network, aliases, record).withIpamIpv4Address(ipv4));
            } else {
                List<String> names = new ArrayList<>(aliases);
                names.add(record.shortId());
                endpoints.add(new NetworkEndpoint(network, info.getId(), "", "", 0, "", "", names).withIpamIpv4Address(ipv4));
            }
            registry.persist(container, record.withNetworkingConfig(EndpointsConfig.with(record, network, aliases, ipv4))
                    .withNetwork(endpoints, record.netnsPath()));
        } finally {
            container.lock.unlock();
        }
    }

    void disconnect(String ref, String network, boolean force) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (record.networkMode().equals("host")) {
                throw DockerApiException.badRequest("container cannot be disconnected from host network or connected to host network");
            }
            if (!EndpointsConfig.connected(record, network)) {
                throw DockerApiException.serverError("container " + record.id() + " is not connected to "
                        + (record.running() ? "network " : "the network ") + network, null);
            }
            if (record.running()) {
                attacher.detachOne(record.id(), network);
            }
            List<NetworkEndpoint> endpoints = new ArrayList<>(record.networks());
            endpoints.removeIf(e -> e.networkName().equals(network));
            registry.persist(container, record.withNetworkingConfig(EndpointsConfig.without(record, network))
                    .withNetwork(endpoints, record.netnsPath()));
        } finally {
            container.lock.unlock();
        }
    }

    /**
     * At the gateway's start, before any container is started: the network service's sandboxes of
     * containers that no longer exist or are not running are removed (a gateway that crashed between
     * an exit and its release, or in the middle of a start, leaves nothing behind).
     */
    void sweepSandboxes() {
        List<Sandbox> sandboxes;
        try {
            sandboxes = clients.network().listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxesList();
        } catch (StatusRuntimeException e) {
            log.warn("could not list the network service's sandboxes: {}", e.getStatus());
            return;
        }
        for (Sandbox sandbox : sandboxes) {
            String id = sandbox.getContainerId();
            ManagedContainer container;
            try {
                container = registry.get(id);
            } catch (DockerApiException e) {
                container = null;
            }
            if (container == null || !container.id.equals(id) || !container.record().running()) {
                log.info("removing the network sandbox of {}: its container {}", id,
                        container == null ? "no longer exists" : "is not running");
                attacher.release(id);
            }
        }
    }
}
