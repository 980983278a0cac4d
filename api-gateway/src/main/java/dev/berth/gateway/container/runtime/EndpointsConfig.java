package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks a container is connected to, kept as Docker keeps them: NetworkingConfig.EndpointsConfig,
 * one entry per network name with its Aliases and IPAMConfig.IPv4Address. The primary network (the
 * NetworkMode's) is attached first. A record written before connect existed has no EndpointsConfig:
 * its one network is the NetworkMode's.
 */
final class EndpointsConfig {
    private EndpointsConfig() {}

    /** The network names to attach at start, primary first; none with host or none networking. */
    static List<String> networks(ContainerRecord record) {
        String mode = record.networkMode();
        if (mode.equals("host") || mode.equals("none")) {
            return List.of();
        }
        String primary = NetworkAttacher.networkName(mode);
        JsonNode endpoints = endpoints(record.networkingConfig());
        if (endpoints == null) {
            return List.of(primary);
        }
        List<String> names = new ArrayList<>();
        if (endpoints.has(primary)) {
            names.add(primary);
        }
        endpoints.fieldNames().forEachRemaining(n -> {
            if (!n.equals(primary)) {
                names.add(n);
            }
        });
        return names;
    }

    static boolean connected(ContainerRecord record, String network) {
        return networks(record).contains(network);
    }

    static List<String> aliases(ContainerRecord record, String network) {
        List<String> aliases = new ArrayList<>();
        JsonNode endpoints = endpoints(record.networkingConfig());
        if (endpoints != null) {
            endpoints.path(network).path("Aliases").forEach(a -> aliases.add(a.asText()));
        }
        return aliases;
    }

    static String ipv4(ContainerRecord record, String network) {
        JsonNode endpoints = endpoints(record.networkingConfig());
        return endpoints == null ? "" : endpoints.path(network).path("IPAMConfig").path("IPv4Address").asText("");
    }

    /** The config with {@code network} added (or replaced). */
    static ObjectNode with(ContainerRecord record, String network, List<String> aliases, String ipv4) {
        ObjectNode config = copy(record);
        ObjectNode endpoints = config.has("EndpointsConfig") && config.get("EndpointsConfig").isObject()
                ? (ObjectNode) config.get("EndpointsConfig") : config.putObject("EndpointsConfig");
        if (!endpoints.has(NetworkAttacher.networkName(record.networkMode())) && endpoints(record.networkingConfig()) == null
                && !record.networkMode().equals("host") && !record.networkMode().equals("none")) {
            endpoints.putObject(NetworkAttacher.networkName(record.networkMode())); // a record from before connect
        }
        ObjectNode endpoint = endpoints.putObject(network);
        var list = endpoint.putArray("Aliases");
        aliases.forEach(list::add);
        if (ipv4 != null && !ipv4.isEmpty()) {
            endpoint.putObject("IPAMConfig").put("IPv4Address", ipv4);
        }
        return config;
    }

    /** The config without {@code network}. */
    static ObjectNode without(ContainerRecord record, String network) {
        ObjectNode config = copy(record);
        if (endpoints(config) == null) {
            ObjectNode endpoints = config.putObject("EndpointsConfig");
            for (String name : networks(record)) {
                endpoints.putObject(name);
            }
        }
        ((ObjectNode) config.get("EndpointsConfig")).remove(network);
        return config;
    }

    private static ObjectNode copy(ContainerRecord record) {
        return record.networkingConfig() == null ? JsonNodeFactory.instance.objectNode() : record.networkingConfig().deepCopy();
    }

    private static JsonNode endpoints(JsonNode networkingConfig) {
        if (networkingConfig == null) {
            return null;
        }
        JsonNode endpoints = networkingConfig.get("EndpointsConfig");
        return endpoints != null && endpoints.isObject() ? endpoints : null;
    }
}
