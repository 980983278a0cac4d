package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.compose.engine.ProjectApi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth compose start}: starts the services' existing containers, dependencies first. */
@Command(name = "start", description = "Start services")
final class ComposeStart extends ComposeSubcommand {
    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        ProjectApi api = api();
        for (JsonNode container : ServiceContainers.of(api, selected(services, false))) {
            api.start(container.path("Id").asText());
            io().err().println(" Container " + ProjectApi.name(container) + "  Started");
        }
        return 0;
    }
}
