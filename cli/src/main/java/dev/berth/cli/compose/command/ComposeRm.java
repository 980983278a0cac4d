package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.command.Prompt;
import dev.berth.cli.compose.engine.ProjectApi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose rm}: removes the services' stopped containers (running ones too with -s). */
@Command(name = "rm", description = "Removes stopped service containers")
final class ComposeRm extends ComposeSubcommand {
    @Option(names = {"-f", "--force"}, description = "Don't ask to confirm removal")
    boolean force;

    @Option(names = {"-s", "--stop"}, description = "Stop the containers, if required, before removing")
    boolean stop;

    @Option(names = {"-v", "--volumes"}, description = "Remove any anonymous volumes attached to containers")
    boolean volumes;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        ProjectApi api = api();
        List<JsonNode> removable = new ArrayList<>();
        for (JsonNode container : ServiceContainers.of(api, selected(services, false))) {
            boolean running = container.path("State").asText().equals("running");
            if (running && stop) {
                api.stop(container.path("Id").asText(), null);
                io().err().println(" Container " + ProjectApi.name(container) + "  Stopped");
                running = false;
            }
            if (!running) {
                removable.add(container);
            }
        }
        if (removable.isEmpty()) {
            io().err().println("No stopped containers");
            return 0;
        }
        List<String> names = removable.stream().map(ProjectApi::name).toList();
        if (!force && !Prompt.confirm(io(), "Going to remove " + String.join(", ", names) + "\n? Are you sure?")) {
            return 0;
        }
        for (JsonNode container : removable) {
            api.remove(container.path("Id").asText(), volumes);
            io().err().println(" Container " + ProjectApi.name(container) + "  Removed");
        }
        return 0;
    }
}
