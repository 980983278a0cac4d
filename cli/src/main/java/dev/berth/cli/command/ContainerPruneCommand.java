package dev.berth.cli.command;

import dev.berth.cli.format.Humanize;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune}: POST /containers/prune after docker's confirmation. */
@Command(name = "prune", description = "Remove all stopped containers", customSynopsis = "[OPTIONS]")
public final class ContainerPruneCommand extends EngineCommand {
    static final String WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    protected int execute() throws Exception {
        var filterMap = Filters.parse(filters);
        if (!force && !Prompt.confirm(io(), WARNING)) {
            // docker's "container prune has been cancelled" is a silent, successful end
            return 0;
        }
        PruneRequests.Report report = new PruneRequests(client()).containers(filterMap);
        if (!report.output().isEmpty()) {
            io().out().println(report.output());
        }
        io().out().println("Total reclaimed space: " + Humanize.size4(report.spaceReclaimed()));
        io().out().flush();
        return 0;
    }
}
