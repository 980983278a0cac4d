package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network prune}: POST /networks/prune after docker's confirmation; "Deleted Networks:". */
@Command(name = "prune", description = "Remove all unused networks", customSynopsis = "[OPTIONS]")
public final class NetworkPruneCommand extends EngineCommand {
    static final String WARNING = "WARNING! This will remove all custom networks not used by at least one container.\n"
            + "Are you sure you want to continue?";

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    protected int execute() throws Exception {
        var filterMap = Filters.parse(filters);
        if (!force && !Prompt.confirm(io(), WARNING)) {
            return 0;
        }
        PruneRequests.Report report = new PruneRequests(client()).networks(filterMap);
        if (!report.output().isEmpty()) {
            io().out().println(report.output());
        }
        io().out().flush();
        return 0;
    }
}
