package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.format.TableWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth compose top}: the processes of each running container of the services. */
@Command(name = "top", description = "Display the running processes")
final class ComposeTop extends ComposeSubcommand {
    @Parameters(paramLabel = "SERVICES")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        for (JsonNode container : ServiceContainers.of(api(), selected(services, false))) {
            if (!container.path("State").asText().equals("running")) {
                continue;
            }
            JsonNode top = client().get("/containers/" + container.path("Id").asText() + "/top", Query.of());
            StringBuilder table = new StringBuilder();
            top.path("Titles").forEach(t -> table.append(t.asText()).append('\t'));
            table.append('\n');
            for (JsonNode process : top.path("Processes")) {
                process.forEach(field -> table.append(field.asText()).append('\t'));
                table.append('\n');
            }
            io().out().println(ProjectApi.name(container));
            io().out().print(TableWriter.docker().format(table.toString()));
            io().out().println();
        }
        return 0;
    }
}
