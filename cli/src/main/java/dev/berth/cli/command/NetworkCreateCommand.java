package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network create}: POST /networks/create with docker's NetworkCreateRequest; prints the id. */
@Command(name = "create", description = "Create a network", customSynopsis = "[OPTIONS] NETWORK")
public final class NetworkCreateCommand extends EngineCommand {
    @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "bridge", description = "Driver to manage the Network")
    String driver;

    @Option(names = "--subnet", paramLabel = "strings", split = ",", description = "Subnet in CIDR format that represents a network segment")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "strings", split = ",", description = "IPv4 or IPv6 Gateway for the master subnet")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--ip-range", paramLabel = "strings", split = ",", description = "Allocate container ip from a sub-range")
    List<String> ipRanges = new ArrayList<>();

    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;

    @Option(names = "--attachable", description = "Enable manual container attachment")
    boolean attachable;

    @Option(names = "--ipv6", description = "Enable IPv6 networking")
    boolean ipv6;

    @Option(names = "--label", paramLabel = "list", description = "Set metadata on a network")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, paramLabel = "map", description = "Set driver specific options")
    List<String> options = new ArrayList<>();

    @Option(names = "--ipam-driver", paramLabel = "string", defaultValue = "default", description = "IP Address Management Driver")
    String ipamDriver;

    @Option(names = "--ipam-opt", paramLabel = "map", description = "Set IPAM driver specific options")
    List<String> ipamOptions = new ArrayList<>();

    @Option(names = "--scope", paramLabel = "string", description = "Control the network's scope")
    String scope;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    protected int execute() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name);
        body.put("CheckDuplicate", true);
        body.put("Driver", driver);
        body.put("Scope", scope == null ? "" : scope);
        body.put("EnableIPv6", ipv6);
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", ipamDriver);
        ipam.put("Options", map(ipamOptions));
        ipam.put("Config", ipamConfigs());
        body.put("IPAM", ipam);
        body.put("Internal", internal);
        body.put("Attachable", attachable);
        body.put("Ingress", false);
        body.put("ConfigOnly", false);
        body.put("ConfigFrom", null);
        body.put("Options", map(options));
        body.put("Labels", map(labels));
        JsonNode response = client().post("/networks/create", Query.of(), body);
        io().out().println(response.path("Id").asText(""));
        io().out().flush();
        return 0;
    }

    /** docker's consolidateIpam: each gateway and range goes with the subnet that contains it. */
    private List<Map<String, Object>> ipamConfigs() {
        if (subnets.isEmpty() && (!gateways.isEmpty() || !ipRanges.isEmpty())) {
            throw new CommandFailure(1, "every ip-range or gateway must have a corresponding subnet");
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        for (String subnet : subnets) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("Subnet", subnet);
            for (String range : ipRanges) {
                if (Cidr.contains(subnet, range)) {
                    if (config.containsKey("IPRange")) {
                        throw new CommandFailure(1, "cannot configure multiple ranges (" + range + ", "
                                + config.get("IPRange") + ") on the same subnet (" + subnet + ")");
                    }
                    config.put("IPRange", range);
                }
            }
            for (String gateway : gateways) {
                if (Cidr.contains(subnet, gateway)) {
                    if (config.containsKey("Gateway")) {
                        throw new CommandFailure(1, "cannot configure multiple gateways (" + gateway + ", "
                                + config.get("Gateway") + ") for the same subnet (" + subnet + ")");
                    }
                    config.put("Gateway", gateway);
                }
            }
            configs.add(config);
        }
        for (String range : ipRanges) {
            if (configs.stream().noneMatch(c -> range.equals(c.get("IPRange")))) {
                throw new CommandFailure(1, "no matching subnet for range " + range);
            }
        }
        for (String gateway : gateways) {
            if (configs.stream().noneMatch(c -> gateway.equals(c.get("Gateway")))) {
                throw new CommandFailure(1, "no matching subnet for gateway " + gateway);
            }
        }
        return configs;
    }

    private static Map<String, String> map(List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return map;
    }
}
