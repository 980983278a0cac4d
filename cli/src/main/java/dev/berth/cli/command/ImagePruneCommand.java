package dev.berth.cli.command;

import dev.berth.cli.format.Humanize;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: POST /images/prune (dangling images, or with -a every unused one) after docker's confirmation. */
@Command(name = "prune", description = "Remove unused images", customSynopsis = "[OPTIONS]")
public final class ImagePruneCommand extends EngineCommand {
    static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";
    static final String ALL_WARNING = "WARNING! This will remove all images without at least one container associated to them.\n"
            + "Are you sure you want to continue?";

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Override
    protected int execute() throws Exception {
        var filterMap = Filters.parse(filters);
        if (!force && !Prompt.confirm(io(), all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0;
        }
        PruneRequests.Report report = new PruneRequests(client()).images(filterMap, all);
        if (!report.output().isEmpty()) {
            io().out().println(report.output());
        }
        io().out().println("Total reclaimed space: " + Humanize.size4(report.spaceReclaimed()));
        io().out().flush();
        return 0;
    }
}
