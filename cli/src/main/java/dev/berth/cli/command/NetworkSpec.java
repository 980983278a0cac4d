package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** run/create's --network, --network-alias and --ip as docker's CLI sends them: NetworkingConfig.EndpointsConfig. */
final class NetworkSpec {
    private NetworkSpec() {}

    /** {network: {Aliases, IPAMConfig}}, or null when nothing is to be sent (the default network, no alias or address). */
    static Map<String, Object> endpointsConfig(String network, List<String> aliases, String ip) {
        String name = network == null || network.isEmpty() ? "default" : network;
        boolean special = List.of("host", "none").contains(name) || name.startsWith("container:");
        boolean defaultNetwork = name.equals("default") || name.equals("bridge");
        boolean settings = !aliases.isEmpty() || (ip != null && !ip.isEmpty());
        if (special || (defaultNetwork && !settings)) {
            return null;
        }
        Map<String, Object> endpoint = new LinkedHashMap<>();
        if (ip != null && !ip.isEmpty()) {
            endpoint.put("IPAMConfig", Map.of("IPv4Address", ip));
        }
        if (!aliases.isEmpty()) {
            endpoint.put("Aliases", List.copyOf(aliases));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(name, endpoint);
        return config;
    }
}
