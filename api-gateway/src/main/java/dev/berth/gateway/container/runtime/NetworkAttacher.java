package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.NetworkEndpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's network for one run, through the network service: "host" shares the host's
 * namespace, "none" gets a namespace with loopback only, anything else a namespace joined to
 * the named network ("default" is Docker's "bridge").
 */
final class NetworkAttacher {
    private static final Logger log = LoggerFactory.getLogger(NetworkAttacher.class);

    /** The namespace of a run (null with host networking) and the endpoints in it. */
    record Attached(String netnsPath, List<NetworkEndpoint> endpoints) {}

    private final ServiceClients clients;

    NetworkAttacher(ServiceClients clients) {
        this.clients = clients;
    }

    static String networkName(String mode) {
        return switch (mode) {
            case "", "default", "bridge" -> "bridge";
            default -> mode;
        };
    }

    /** Checks at create time that a named network exists (404 "network x not found", as Docker). */
    void validate(String mode) {
        if (mode.equals("host") || mode.equals("none") || networkName(mode).equals("bridge")) {
            return;
        }
        if (mode.startsWith("container:")) {
            throw DockerApiException.badRequest("network mode \"" + mode + "\" is not supported by Berth");
        }
        try {
            clients.network().getNetwork(GetNetworkRequest.newBuilder().setNameOrId(mode).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw DockerApiException.notFound("network " + mode + " not found");
            }
            throw GrpcErrors.toDocker("network " + mode, e);
        }
    }

    Attached attach(ContainerRecord record) {
        String mode = record.networkMode();
        if (mode.equals("host")) {
            return new Attached(null, List.of());
        }
        String id = record.id();
        try {
            Sandbox sandbox = clients.network().createSandbox(CreateSandboxRequest.newBuilder().setContainerId(id).build());
            if (mode.equals("none")) {
                return new Attached(sandbox.getNetnsPath(), List.of());
            }
            String network = networkName(mode);
            Endpoint endpoint = clients.network().attach(AttachRequest.newBuilder()
                    .setContainerId(id)
                    .setNetwork(network)
                    .addAllAliases(aliases(record, network))
                    .build());
            return new Attached(sandbox.getNetnsPath(), List.of(new NetworkEndpoint(
                    endpoint.getNetworkName().isEmpty() ? network : endpoint.getNetworkName(),
                    endpoint.getNetworkId(), endpoint.getEndpointId(), endpoint.getIpAddress(),
                    endpoint.getPrefixLength(), endpoint.getGateway(), endpoint.getMacAddress(),
                    aliases(record, network))));
        } catch (StatusRuntimeException e) {
            release(id);
            throw GrpcErrors.toDocker("failed to set up the network of container " + record.shortId(), e);
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

    /** The endpoints as inspect shows them for a stopped container: the network, no address. */
    static List<NetworkEndpoint> detached(List<NetworkEndpoint> endpoints) {
        return endpoints.stream()
                .map(e -> new NetworkEndpoint(e.networkName(), e.networkId(), "", "", 0, "", "", e.aliases()))
                .toList();
    }

    private static List<String> aliases(ContainerRecord record, String network) {
        List<String> aliases = new ArrayList<>();
        if (record.networkingConfig() == null) {
            return aliases;
        }
        JsonNode endpoint = record.networkingConfig().path("EndpointsConfig").path(network);
        endpoint.path("Aliases").forEach(a -> aliases.add(a.asText()));
        return aliases;
    }
}
