package dev.berth.gateway.network;

import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.ListNetworksRequest;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.RemoveNetworkRequest;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Docker's networks over the network service: lookups as Docker resolves them (id, name, then a
 * unique id prefix), create, remove and prune in Docker's words, with network events.
 */
public final class GatewayNetworks {
    private final ServiceClients clients;
    private final NetworkEvents events;

    public GatewayNetworks(ServiceClients clients, NetworkEvents events) {
        this.clients = clients;
        this.events = events;
    }

    public List<NetworkInfo> list() {
        try {
            return clients.network().listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList();
        } catch (StatusRuntimeException e) {
            throw NetworkErrors.other("failed to list networks", e);
        }
    }

    /** The network a reference names: full id, name, or a unique id prefix; 404 "network x not found". */
    public NetworkInfo get(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw NetworkErrors.networkNotFound(ref == null ? "" : ref);
        }
        try {
            return clients.network().getNetwork(GetNetworkRequest.newBuilder().setNameOrId(ref).build());
        } catch (StatusRuntimeException e) {
            if (!NetworkErrors.notFound(e)) {
                throw NetworkErrors.other("network " + ref, e);
            }
        }
        List<NetworkInfo> matches = list().stream().filter(n -> n.getId().startsWith(ref) || n.getName().equals(ref)).toList();
        if (matches.isEmpty()) {
            throw NetworkErrors.networkNotFound(ref);
        }
        if (matches.size() > 1) {
            throw DockerApiException.badRequest("network " + ref + " is ambiguous (" + matches.size()
                    + " matches found based on ID prefix)");
        }
        return matches.getFirst();
    }

    public NetworkInfo create(CreateNetworkRequest request) {
        NetworkInfo created;
        try {
            created = clients.network().createNetwork(request);
        } catch (StatusRuntimeException e) {
            throw NetworkErrors.create(request.getName(), e);
        }
        events.network("create", created.getId(), created.getName(), created.getDriver());
        return created;
    }

    public void remove(String ref) {
        NetworkInfo network = get(ref);
        if (network.getBuiltIn()) {
            throw new DockerApiException(403, network.getName() + " is a pre-defined network and cannot be removed", null);
        }
        try {
            clients.network().removeNetwork(RemoveNetworkRequest.newBuilder().setNameOrId(network.getId()).build());
        } catch (StatusRuntimeException e) {
            throw switch (e.getStatus().getCode()) {
                case NOT_FOUND -> NetworkErrors.networkNotFound(ref);
                case FAILED_PRECONDITION -> new DockerApiException(403, "error while removing network: network "
                        + network.getName() + " id " + network.getId() + " has active endpoints", e);
                case PERMISSION_DENIED -> new DockerApiException(403,
                        network.getName() + " is a pre-defined network and cannot be removed", e);
                default -> NetworkErrors.other("error while removing network", e);
            };
        }
        events.network("destroy", network.getId(), network.getName(), network.getDriver());
    }

    /** Removes the user-defined networks without endpoints that {@code keep} does not keep; their names. */
    public List<String> prune(Predicate<NetworkInfo> selected) {
        List<String> deleted = new ArrayList<>();
        for (NetworkInfo network : list()) {
            if (network.getBuiltIn() || network.getEndpointsCount() > 0 || !selected.test(network)) {
                continue;
            }
            try {
                remove(network.getId());
                deleted.add(network.getName());
            } catch (DockerApiException e) {
                // in use or gone meanwhile: docker skips it too
            }
        }
        return deleted;
    }

    public static Instant created(NetworkInfo network) {
        return network.hasCreated()
                ? Instant.ofEpochSecond(network.getCreated().getSeconds(), network.getCreated().getNanos())
                : Instant.EPOCH;
    }
}
