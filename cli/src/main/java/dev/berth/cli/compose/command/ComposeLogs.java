package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.compose.engine.ComposeLabels;
import dev.berth.cli.compose.engine.LogPrinter;
import dev.berth.cli.compose.engine.ProjectApi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose logs}: every container's log behind a coloured "name  | " prefix. */
@Command(name = "logs", description = "View output from containers")
final class ComposeLogs extends ComposeSubcommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, defaultValue = "all", paramLabel = "string", description = "Number of lines to show from the end of the logs for each container")
    String tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--no-color", description = "Produce monochrome output")
    boolean noColor;

    @Option(names = "--no-log-prefix", description = "Don't print prefix in logs")
    boolean noLogPrefix;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        services.forEach(this::requireService);
        List<String> names = new ArrayList<>();
        for (JsonNode container : api().containers(null, false)) {
            if (services.isEmpty() || services.contains(container.path("Labels").path(ComposeLabels.SERVICE).asText())) {
                names.add(ProjectApi.name(container));
            }
        }
        boolean colour = !noColor && session().terminal().stdoutIsTerminal();
        new LogPrinter(client(), io().out()).print(names, new LogPrinter.Options(follow, tail, timestamps, colour, !noLogPrefix));
        return 0;
    }
}
