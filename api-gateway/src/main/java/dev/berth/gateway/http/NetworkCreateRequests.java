package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.gateway.api.DockerApiException;

/** POST /networks/create's body (moby's NetworkCreateRequest) checked and turned into the service's request. */
final class NetworkCreateRequests {
    private NetworkCreateRequests() {}

    static CreateNetworkRequest parse(JsonNode body) {
        String name = body.path("Name").asText("");
        if (name.isEmpty()) {
            throw DockerApiException.badRequest("network name is required");
        }
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw DockerApiException.badRequest("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String driver = body.path("Driver").asText("");
        switch (driver) {
            case "", "bridge" -> { }
            case "host", "null" -> throw new DockerApiException(403, "only one instance of \"" + driver + "\" network is allowed");
            default -> throw DockerApiException.notFound("plugin \"" + driver + "\" not found");
        }
        if (body.path("EnableIPv6").asBoolean(false)) {
            throw DockerApiException.badRequest("Berth does not support IPv6 networks (EnableIPv6, --ipv6): its bridges are IPv4 only");
        }
        if (body.path("Ingress").asBoolean(false)) {
            throw new DockerApiException(403, "ingress networks are a swarm feature, which Berth does not have");
        }
        if (body.path("ConfigOnly").asBoolean(false) || !body.path("ConfigFrom").path("Network").asText("").isEmpty()) {
            throw DockerApiException.badRequest("config-only networks (--config-only, --config-from) are not supported by Berth");
        }
        if (!body.path("Scope").asText("").isEmpty() && !body.path("Scope").asText().equals("local")) {
            throw DockerApiException.badRequest("Berth's networks are local: scope \"" + body.path("Scope").asText() + "\" is not supported");
        }
        CreateNetworkRequest.Builder request = CreateNetworkRequest.newBuilder()
                .setName(name)
                .setDriver("bridge")
                .setInternal(body.path("Internal").asBoolean(false))
                .setAttachable(body.path("Attachable").asBoolean(false));
        body.path("Labels").fields().forEachRemaining(e -> request.putLabels(e.getKey(), e.getValue().asText()));
        body.path("Options").fields().forEachRemaining(e -> request.putOptions(e.getKey(), e.getValue().asText()));
        JsonNode ipam = body.path("IPAM");
        String ipamDriver = ipam.path("Driver").asText("");
        if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
            throw DockerApiException.notFound("plugin \"" + ipamDriver + "\" not found");
        }
        JsonNode configs = ipam.path("Config");
        if (configs.size() > 1) {
            throw DockerApiException.badRequest("Berth takes one IPv4 subnet per network (--subnet given " + configs.size() + " times)");
        }
        if (configs.size() == 1) {
            JsonNode config = configs.get(0);
            String subnet = config.path("Subnet").asText("");
            String range = config.path("IPRange").asText("");
            String gateway = config.path("Gateway").asText("");
            if (subnet.contains(":") || range.contains(":") || gateway.contains(":")) {
                throw DockerApiException.badRequest("Berth does not support IPv6 networks: " + (subnet.isEmpty() ? gateway : subnet));
            }
            if (subnet.isEmpty() && (!range.isEmpty() || !gateway.isEmpty())) {
                throw DockerApiException.badRequest("ipam: a gateway or an ip-range needs a subnet (--subnet)");
            }
            if (config.path("AuxiliaryAddresses").size() > 0) {
                throw DockerApiException.badRequest("auxiliary addresses (--aux-address) are not supported by Berth");
            }
            request.setSubnet(subnet).setIpRange(range).setGateway(gateway);
        }
        return request.build();
    }
}
