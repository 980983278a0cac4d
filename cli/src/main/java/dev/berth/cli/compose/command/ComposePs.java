package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.command.PortsText;
import dev.berth.cli.compose.engine.ComposeLabels;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.TableWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose ps}: the project's containers as Docker's compose v2 lists them. */
@Command(name = "ps", description = "List containers")
final class ComposePs extends ComposeSubcommand {
    @Option(names = {"-a", "--all"}, description = "Show all stopped containers (including those created by the run command)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
    boolean quiet;

    @Option(names = "--services", description = "Display services")
    boolean servicesOnly;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        services.forEach(this::requireService);
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode container : api().containers(null, all ? null : false)) {
            String service = container.path("Labels").path(ComposeLabels.SERVICE).asText();
            boolean running = container.path("State").asText().equals("running");
            if ((services.isEmpty() || services.contains(service)) && (all || running)) {
                containers.add(container);
            }
        }
        containers.sort(java.util.Comparator.comparing(ProjectApi::name));
        if (quiet) {
            containers.forEach(c -> io().out().println(c.path("Id").asText()));
            return 0;
        }
        if (servicesOnly) {
            containers.stream().map(c -> c.path("Labels").path(ComposeLabels.SERVICE).asText()).distinct()
                    .forEach(io().out()::println);
            return 0;
        }
        StringBuilder table = new StringBuilder("NAME\tIMAGE\tCOMMAND\tSERVICE\tCREATED\tSTATUS\tPORTS\n");
        Instant now = session().clock().instant();
        for (JsonNode c : containers) {
            String command = "\"" + Humanize.ellipsis(c.path("Command").asText(), 20) + "\"";
            Duration age = Duration.between(Instant.ofEpochSecond(c.path("Created").asLong()), now);
            table.append(ProjectApi.name(c)).append('\t')
                    .append(c.path("Image").asText()).append('\t')
                    .append(command).append('\t')
                    .append(c.path("Labels").path(ComposeLabels.SERVICE).asText()).append('\t')
                    .append(Humanize.ago(age)).append('\t')
                    .append(c.path("Status").asText()).append('\t')
                    .append(PortsText.display(c.path("Ports"))).append('\n');
        }
        io().out().print(TableWriter.docker().format(table.toString()));
        return 0;
    }
}
