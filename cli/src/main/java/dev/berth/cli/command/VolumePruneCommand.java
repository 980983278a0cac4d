package dev.berth.cli.command;

import dev.berth.cli.format.Humanize;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth volume prune [-f] [--filter]}: docker's confirmation, POST /volumes/prune, the
 * names and the space reclaimed. Against API 1.41 every unused volume goes, named ones too (as
 * docker's CLI warns); -a/--all is API 1.42's and is refused.
 */
@Command(name = "prune", description = "Remove unused local volumes", customSynopsis = "[OPTIONS]")
public final class VolumePruneCommand extends EngineCommand {
    static final String WARNING = "WARNING! This will remove all local volumes not used by at least one container.\n"
            + "Are you sure you want to continue?";

    @Option(names = {"-a", "--all"}, hidden = true, description = "Remove all unused volumes, not just anonymous ones")
    boolean all;

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"label=<label>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    protected int execute() throws Exception {
        if (all) {
            throw new CommandFailure(1, "\"--all\" requires API version 1.42, but the Berth daemon API version is 1.41");
        }
        var filterMap = Filters.parse(filters);
        if (!force && !Prompt.confirm(io(), WARNING)) {
            return 0;
        }
        PruneRequests.Report report = new PruneRequests(client()).volumes(filterMap);
        if (!report.output().isEmpty()) {
            io().out().println(report.output());
        }
        io().out().println("Total reclaimed space: " + Humanize.size4(report.spaceReclaimed()));
        io().out().flush();
        return 0;
    }
}
