package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth port}: the published ports from GET /containers/{id}/json's NetworkSettings.Ports,
 * "80/tcp -> 0.0.0.0:8080" lines (or host addresses of one port), in docker's natural order.
 */
@Command(name = "port", description = "List port mappings or a specific mapping for the container",
        customSynopsis = "CONTAINER [PRIVATE_PORT[/PROTO]]")
public final class PortCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    protected int execute() throws Exception {
        JsonNode ports = client().get("/containers/" + container + "/json", Query.of()).path("NetworkSettings").path("Ports");
        List<String> lines = new ArrayList<>();
        if (port != null) {
            int slash = port.indexOf('/');
            String number = slash < 0 ? port : port.substring(0, slash);
            String proto = slash < 0 || slash == port.length() - 1 ? "tcp" : port.substring(slash + 1);
            if (!validPort(number)) {
                throw new CommandFailure(1, "Error: invalid port (" + number + "): strconv.ParseUint: parsing \"" + number
                        + "\": " + (number.matches("\\d+") ? "value out of range" : "invalid syntax"));
            }
            JsonNode frontends = ports.path(number + "/" + proto);
            if (!frontends.isArray() || frontends.isEmpty()) {
                throw new CommandFailure(1, "Error: No public port '" + port + "' published for " + container);
            }
            frontends.forEach(f -> lines.add(hostPort(f)));
        } else {
            ports.properties().forEach(entry -> {
                if (entry.getValue().isArray()) {
                    entry.getValue().forEach(f -> lines.add(entry.getKey() + " -> " + hostPort(f)));
                }
            });
        }
        lines.sort(NaturalOrder.INSTANCE);
        if (!lines.isEmpty()) {
            io().out().println(String.join("\n", lines));
        }
        io().out().flush();
        return 0;
    }

    private static boolean validPort(String number) {
        if (!number.matches("\\d{1,5}")) {
            return false;
        }
        return Integer.parseInt(number) <= 65535;
    }

    /** net.JoinHostPort: IPv6 addresses in brackets. */
    static String hostPort(JsonNode frontend) {
        String ip = frontend.path("HostIp").asText("");
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return host + ":" + frontend.path("HostPort").asText("");
    }
}
