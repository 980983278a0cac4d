package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network connect}: POST /networks/{id}/connect {Container, EndpointConfig}; prints nothing. */
@Command(name = "connect", description = "Connect a container to a network", customSynopsis = "[OPTIONS] NETWORK CONTAINER")
public final class NetworkConnectCommand extends EngineCommand {
    @Option(names = "--alias", paramLabel = "strings", split = ",", description = "Add network-scoped alias for the container")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "string", description = "IPv4 address (e.g., \"172.30.100.104\")")
    String ip;

    @Option(names = "--ip6", paramLabel = "string", description = "IPv6 address (e.g., \"2001:db8::33\")")
    String ip6;

    @Option(names = "--link", paramLabel = "list", description = "Add link to another container")
    List<String> links = new ArrayList<>();

    @Option(names = "--driver-opt", paramLabel = "strings", split = ",", description = "driver options for the network")
    List<String> driverOpts = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        Map<String, Object> ipam = new LinkedHashMap<>();
        if (ip != null && !ip.isEmpty()) {
            ipam.put("IPv4Address", ip);
        }
        if (ip6 != null && !ip6.isEmpty()) {
            ipam.put("IPv6Address", ip6);
        }
        endpoint.put("IPAMConfig", ipam.isEmpty() ? null : ipam);
        endpoint.put("Links", links.isEmpty() ? null : links);
        endpoint.put("Aliases", aliases.isEmpty() ? null : aliases);
        if (!driverOpts.isEmpty()) {
            Map<String, String> opts = new LinkedHashMap<>();
            for (String opt : driverOpts) {
                int eq = opt.indexOf('=');
                opts.put(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
            }
            endpoint.put("DriverOpts", opts);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", container);
        body.put("EndpointConfig", endpoint);
        client().post("/networks/" + network + "/connect", Query.of(), body);
        return 0;
    }
}
