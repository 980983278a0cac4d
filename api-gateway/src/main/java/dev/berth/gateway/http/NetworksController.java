package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.network.GatewayNetworks;
import dev.berth.gateway.network.NetworkEvents;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** /networks: list, inspect, create, remove, prune, connect and disconnect (Docker API v1.41). */
@Controller("/networks")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class NetworksController {
    private final BeanProvider<GatewayNetworks> networks;
    private final BeanProvider<NetworkEvents> events;
    private final ContainerService containers;

    public NetworksController(BeanProvider<GatewayNetworks> networks, BeanProvider<NetworkEvents> events,
            ContainerService containers) {
        this.networks = networks;
        this.events = events;
        this.containers = containers;
    }

    @Get
    public HttpResponse<byte[]> list(@Nullable @QueryValue String filters) {
        var match = NetworkFilters.list(DockerParams.filters(filters));
        ArrayNode body = Json.array();
        networks.get().list().stream()
                .filter(match)
                .sorted(Comparator.comparing(NetworkInfo::getName))
                // the list leaves Containers empty, as Docker's since API 1.28
                .forEach(n -> body.add(NetworkJson.network(n, null)));
        return Json.ok(body);
    }

    @Get("/{id}")
    public HttpResponse<byte[]> inspect(@PathVariable String id) {
        return Json.ok(NetworkJson.network(networks.get().get(id), this::containerName));
    }

    @Post("/create")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> create(@Nullable @Body String body) {
        CreateNetworkRequest request = NetworkCreateRequests.parse(Json.parse(body == null || body.isBlank() ? "{}" : body));
        NetworkInfo created = networks.get().create(request);
        return Json.response(201, Json.object().put("Id", created.getId()).put("Warning", ""));
    }

    @Delete("/{id}")
    public HttpResponse<?> remove(@PathVariable String id) {
        networks.get().remove(id);
        return HttpResponse.noContent();
    }

    @Post("/prune")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> prune(@Nullable @QueryValue String filters) {
        var selected = NetworkFilters.prune(DockerParams.filters(filters), Instant.now());
        List<String> deleted = networks.get().prune(selected);
        var response = Json.object();
        ArrayNode names = response.putArray("NetworksDeleted");
        deleted.forEach(names::add);
        return Json.ok(response);
    }

    @Post("/{id}/connect")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> connect(@PathVariable String id, @Nullable @Body String body) {
        JsonNode request = Json.parse(body == null || body.isBlank() ? "{}" : body);
        String container = request.path("Container").asText("");
        NetworkInfo network = networks.get().get(id);
        if (container.isEmpty()) {
            throw DockerApiException.badRequest("container name or id is required");
        }
        JsonNode endpoint = request.path("EndpointConfig");
        List<String> aliases = new ArrayList<>();
        endpoint.path("Aliases").forEach(a -> aliases.add(a.asText()));
        String ip = endpoint.path("IPAMConfig").path("IPv4Address").asText("");
        if (!endpoint.path("IPAMConfig").path("IPv6Address").asText("").isEmpty()) {
            throw DockerApiException.badRequest("Berth does not support IPv6 addresses (--ip6)");
        }
        containers.connect(container, network.getName(), aliases, ip);
        var connected = containers.inspect(container);
        if (connected.state().running()) { // a stopped container's connect event comes at its start, as Docker's
            events.get().container("connect", network.getId(), network.getName(), NetworkJson.driver(network), connected.id());
        }
        return HttpResponse.ok();
    }

    @Post("/{id}/disconnect")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> disconnect(@PathVariable String id, @Nullable @Body String body) {
        JsonNode request = Json.parse(body == null || body.isBlank() ? "{}" : body);
        String container = request.path("Container").asText("");
        boolean force = request.path("Force").asBoolean(false);
        NetworkInfo network;
        try {
            network = networks.get().get(id);
        } catch (DockerApiException e) {
            if (!force || e.status() != 404) {
                throw e;
            }
            containers.disconnect(container, id, true); // a removed network still named in the container's config
            return HttpResponse.ok();
        }
        var disconnected = containers.inspect(container);
        containers.disconnect(container, network.getName(), force);
        if (disconnected.state().running()) {
            events.get().container("disconnect", network.getId(), network.getName(), NetworkJson.driver(network),
                    disconnected.id());
        }
        return HttpResponse.ok();
    }

    private String containerName(String containerId) {
        try {
            return containers.inspect(containerId).name();
        } catch (DockerApiException e) {
            return "";
        }
    }
}
