package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.compose.engine.ProjectApi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose stop}: stops the services' containers, dependents first. */
@Command(name = "stop", description = "Stop services")
final class ComposeStop extends ComposeSubcommand {
    @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds")
    Integer timeout;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        ProjectApi api = api();
        List<JsonNode> containers = ServiceContainers.of(api, selected(services, false));
        api.stopAll(containers.stream().map(c -> c.path("Id").asText()).toList(), timeout);
        containers.forEach(c -> io().err().println(" Container " + ProjectApi.name(c) + "  Stopped"));
        return 0;
    }
}
