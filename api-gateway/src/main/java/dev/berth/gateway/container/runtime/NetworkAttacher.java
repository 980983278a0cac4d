package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.DetachRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.PortMapping;
import dev.berth.api.network.v1.PublishPortsRequest;
import dev.berth.api.network.v1.PublishPortsResponse;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.api.network.v1.RenameContainerRequest;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.NetworkEndpoint;
import dev.berth.gateway.container.PublishedPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's network for one run, through the network service: "host" shares the host's
 * namespace, "none" gets a namespace with loopback only, anything else a namespace joined to
 * every network of the container (the NetworkMode's first, "default" is Docker's "bridge"),
 * then its ports published. All or nothing: a failure removes the sandbox.
 */
final class NetworkAttacher {
    private static final Logger log = LoggerFactory.getLogger(NetworkAttacher.class);

    /** The namespace of a run (null with host networking), the endpoints in it, the name server to use ("" for the host's). */
    record Attached(String netnsPath, List<NetworkEndpoint> endpoints, String dnsServer) {}

    private final ServiceClients clients;
    private final dev.berth.gateway.network.NetworkEvents events;

    NetworkAttacher(ServiceClients clients) {
        this(clients, new dev.berth.gateway.network.NetworkEvents(null));
    }

    /** With {@code events}, a run's joins and leaves are network connect and disconnect events, as Docker's. */
    NetworkAttacher(ServiceClients clients, dev.berth.gateway.network.NetworkEvents events) {
        this.clients = clients;
        this.events = events;
    }

    static String networkName(String mode) {
        return switch (mode) {
            case "", "default", "bridge" -> "bridge";
            default -> mode;
        };
    }

    /**
     * Checks at create time the networks and ports asked for, in Docker's words, and returns the
     * NetworkingConfig to keep: one EndpointsConfig entry per network, named by the network's name,
     * the primary's always there. {@code host} is returned with NetworkMode as a network name.
     */
    Checked validate(HostConfig host, ObjectNode networkingConfig) {
        String mode = host.networkMode();
        PortMappings.validate(host);
        if (mode.startsWith("container:")) {
            throw DockerApiException.badRequest("network mode \"" + mode + "\" is not supported by Berth");
        }
        JsonNode requested = networkingConfig == null ? null : networkingConfig.get("EndpointsConfig");
        int count = requested == null || !requested.isObject() ? 0 : requested.size();
        if (count > 1) {
            List<String> names = new ArrayList<>();
            requested.fieldNames().forEachRemaining(names::add);
            throw DockerApiException.badRequest("Container cannot be connected to network endpoints: " + String.join(", ", names));
        }
        ObjectNode config = networkingConfig == null ? JsonNodeFactory.instance.objectNode() : networkingConfig.deepCopy();
        ObjectNode endpoints = config.putObject("EndpointsConfig");
        if (mode.equals("host") || mode.equals("none")) {
            return new Checked(host, config, List.of());
        }
        NetworkInfo network = lookup(networkName(mode));
        String name = network.getName().isEmpty() ? networkName(mode) : network.getName();
        JsonNode entry = count == 1 ? requested.elements().next() : JsonNodeFactory.instance.objectNode();
        if (count == 1) {
            String key = requested.fieldNames().next();
            if (!networkName(key).equals(networkName(mode)) && !key.equals(name) && !key.equals(network.getId())) {
                throw DockerApiException.badRequest("Container cannot be connected to network endpoints: " + mode + ", " + key);
            }
        }
        boolean hasAliases = entry.path("Aliases").size() > 0;
        boolean hasIp = !entry.path("IPAMConfig").path("IPv4Address").asText("").isEmpty();
        if (network.getBuiltIn() && hasAliases) {
            throw DockerApiException.badRequest("network-scoped alias is supported only for containers in user defined networks");
        }
        if (network.getBuiltIn() && hasIp) {
            throw DockerApiException.badRequest("user specified IP address is supported on user defined networks only");
        }
        if (!entry.path("IPAMConfig").path("IPv6Address").asText("").isEmpty()) {
            throw DockerApiException.badRequest("Berth does not support IPv6 addresses (--ip6)");
        }
        endpoints.set(name, entry.deepCopy());
        HostConfig checked = mode.equals("bridge") || mode.equals("default") ? host : host.withNetworkMode(name);
        return new Checked(checked, config, List.of(new NetworkEndpoint(name, network.getId(), "", "", 0, "", "", List.of())
                .withIpamIpv4Address(entry.path("IPAMConfig").path("IPv4Address").asText(""))));
    }

    record Checked(HostConfig host, ObjectNode networkingConfig, List<NetworkEndpoint> endpoints) {}

    NetworkInfo lookup(String network) {
        try {
            return clients.network().getNetwork(GetNetworkRequest.newBuilder().setNameOrId(network).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw DockerApiException.notFound("network " + network + " not found");
            }
            throw GrpcErrors.toDocker("network " + network, e);
        }
    }

    Attached attach(ContainerRecord record) {
        String mode = record.networkMode();
        if (mode.equals("host")) {
            return new Attached(null, List.of(), "");
        }
        String id = record.id();
        try {
            // --dns: a user network's DNS forwards the container's other questions there, as Docker's does
            List<String> ownDns = record.hostConfig() == null || record.hostConfig().dns() == null ? List.of() : record.hostConfig().dns();
            Sandbox sandbox = clients.network().createSandbox(CreateSandboxRequest.newBuilder().setContainerId(id)
                    .addAllDnsServers(ownDns).build());
            List<NetworkEndpoint> endpoints = new ArrayList<>();
            String dns = "";
            for (String network : EndpointsConfig.networks(record)) {
                Endpoint endpoint = attachOne(record, network, EndpointsConfig.aliases(record, network),
                        EndpointsConfig.ipv4(record, network));
                if (dns.isEmpty()) {
                    dns = endpoint.getDnsServer();
                }
                endpoints.add(endpoint(endpoint, network, EndpointsConfig.aliases(record, network), record)
                        .withIpamIpv4Address(EndpointsConfig.ipv4(record, network)));
            }
            List<PortMapping> ports = PortMappings.requested(record);
            if (!ports.isEmpty() && !endpoints.isEmpty()) {
                endpoints.set(0, endpoints.getFirst().withPorts(publish(record, endpoints.getFirst(), ports)));
            }
            for (NetworkEndpoint e : endpoints) {
                events.container("connect", e.networkId(), e.networkName(), "bridge", id);
            }
            return new Attached(sandbox.getNetnsPath(), endpoints, dns);
        } catch (StatusRuntimeException e) {
            release(id);
            throw GrpcErrors.toDocker("failed to set up the network of container " + record.shortId(), e);
        } catch (RuntimeException e) {
            release(id);
            throw e;
        }
    }

    /** Joins the sandbox of a running container (or one being started) to one network. */
    Endpoint attachOne(ContainerRecord record, String network, List<String> aliases, String ipv4) {
        try {
            return clients.network().attach(AttachRequest.newBuilder()
                    .setContainerId(record.id())
                    .setNetwork(network)
                    .addAllAliases(aliases)
                    .setContainerName(record.name().startsWith("/") ? record.name().substring(1) : record.name())
                    .setIpv4Address(ipv4 == null ? "" : ipv4)
                    .build());
        } catch (StatusRuntimeException e) {
            throw switch (e.getStatus().getCode()) {
                case NOT_FOUND -> DockerApiException.notFound("network " + network + " not found");
                case FAILED_PRECONDITION, ALREADY_EXISTS -> new DockerApiException(403, GrpcErrors.description(e), e);
                case INVALID_ARGUMENT -> new DockerApiException(400, GrpcErrors.description(e), e);
                default -> GrpcErrors.toDocker("failed to attach container " + record.shortId() + " to network " + network, e);
            };
        }
    }

    void detachOne(String containerId, String network) {
        try {
            clients.network().detach(DetachRequest.newBuilder().setContainerId(containerId).setNetwork(network).build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to disconnect container " + containerId.substring(0, 12) + " from network " + network, e);
        }
    }

    /** The inspect view of an endpoint: on user-defined networks the short id is one of its names, as Docker shows it. */
    static NetworkEndpoint endpoint(Endpoint e, String network, List<String> aliases, ContainerRecord record) {
        List<String> names = new ArrayList<>(aliases);
        if (!network.equals("bridge") && !names.contains(record.shortId())) {
            names.add(record.shortId());
        }
        return new NetworkEndpoint(e.getNetworkName().isEmpty() ? network : e.getNetworkName(), e.getNetworkId(),
                e.getEndpointId(), e.getIpAddress(), e.getPrefixLength(), e.getGateway(), e.getMacAddress(), names);
    }

    private List<PublishedPort> publish(ContainerRecord record, NetworkEndpoint endpoint, List<PortMapping> ports) {
        PublishPortsResponse published;
        try {
            published = clients.network().publishPorts(PublishPortsRequest.newBuilder()
                    .setContainerId(record.id()).addAllPorts(ports).build());
        } catch (StatusRuntimeException e) {
            // moby: "driver failed programming external connectivity on endpoint <name> (<endpoint id>): Bind for ..."
            String name = record.name().startsWith("/") ? record.name().substring(1) : record.name();
            throw new DockerApiException(500, "driver failed programming external connectivity on endpoint " + name
                    + " (" + endpoint.endpointId() + "): " + GrpcErrors.description(e), e);
        }
        return published.getPortsList().stream()
                .map(p -> new PublishedPort(p.getProtocol().isEmpty() ? "tcp" : p.getProtocol(), p.getContainerPort(),
                        p.getHostIp(), p.getHostPort()))
                .toList();
    }

    /** Tells the network service the container's new name (its DNS records); a stopped container has none. */
    void rename(String id, String newName) {
        try {
            clients.network().renameContainer(RenameContainerRequest.newBuilder().setContainerId(id).setNewName(newName).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                log.warn("could not rename container {} in the network service: {}", id, e.getStatus());
            }
        }
    }

    /** The end of a run: its sandbox released, a disconnect event per network it was on. */
    void released(ContainerRecord record) {
        release(record.id());
        for (NetworkEndpoint e : record.networks()) {
            if (e.endpointId() != null && !e.endpointId().isEmpty()) {
                events.container("disconnect", e.networkId(), e.networkName(), "bridge", record.id());
            }
        }
    }

    /** Deletes the run's namespace and endpoints; idempotent, and never fails the caller. */
    void release(String id) {
        try {
            clients.network().removeSandbox(RemoveSandboxRequest.newBuilder().setContainerId(id).build());
        } catch (StatusRuntimeException e) {
            log.warn("could not release the network sandbox of {}: {}", id, e.getStatus());
        }
    }

    /** The endpoints as inspect shows them for a stopped container: the network, no address, no ports. */
    static List<NetworkEndpoint> detached(List<NetworkEndpoint> endpoints) {
        return endpoints.stream().map(NetworkEndpoint::detached).toList();
    }
}
