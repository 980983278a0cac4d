package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.gateway.network.GatewayNetworks;
import java.util.Map;
import java.util.function.Function;

/** Networks as Docker's /networks and /networks/{id} render them (moby's types.NetworkResource). */
public final class NetworkJson {
    private NetworkJson() {}

    /** Docker's driver name for the service's: the none network's driver is "null". */
    public static String driver(NetworkInfo n) {
        return n.getDriver().isEmpty() ? "bridge" : n.getDriver();
    }

    /**
     * One network; {@code containerNames} finds the name of a container whose endpoint does not
     * carry one (null to leave Containers empty, as the list does).
     */
    public static ObjectNode network(NetworkInfo n, Function<String, String> containerNames) {
        ObjectNode node = Json.object();
        node.put("Name", n.getName())
                .put("Id", n.getId())
                .put("Created", DockerTime.rfc3339(GatewayNetworks.created(n)))
                .put("Scope", "local")
                .put("Driver", driver(n))
                .put("EnableIPv6", false);
        ObjectNode ipam = node.putObject("IPAM");
        ipam.put("Driver", "default");
        ipam.putObject("Options");
        var configs = ipam.putArray("Config");
        if (!n.getSubnet().isEmpty()) {
            ObjectNode config = configs.addObject().put("Subnet", n.getSubnet());
            if (!n.getIpRange().isEmpty()) {
                config.put("IPRange", n.getIpRange());
            }
            if (!n.getGateway().isEmpty()) {
                config.put("Gateway", n.getGateway());
            }
        }
        node.put("Internal", n.getInternal())
                .put("Attachable", n.getAttachable())
                .put("Ingress", false);
        node.putObject("ConfigFrom").put("Network", "");
        node.put("ConfigOnly", false);
        ObjectNode containers = node.putObject("Containers");
        if (containerNames != null) {
            for (Endpoint e : n.getEndpointsList()) {
                String name = e.getContainerName().isEmpty() ? containerNames.apply(e.getContainerId()) : e.getContainerName();
                containers.putObject(e.getContainerId())
                        .put("Name", name == null ? "" : name)
                        .put("EndpointID", e.getEndpointId())
                        .put("MacAddress", e.getMacAddress())
                        .put("IPv4Address", e.getIpAddress().isEmpty() ? "" : e.getIpAddress() + "/" + e.getPrefixLength())
                        .put("IPv6Address", "");
            }
        }
        node.set("Options", strings(n.getOptionsMap()));
        node.set("Labels", strings(n.getLabelsMap()));
        return node;
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode node = Json.object();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        return node;
    }
}
