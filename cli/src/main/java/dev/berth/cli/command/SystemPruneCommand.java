package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.format.Humanize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system prune}: docker's confirmation, then containers, networks, volumes (with
 * --volumes), images (dangling unless -a) and the build cache, each section printed as it
 * comes, then the total. A prune endpoint the daemon does not have (404) is skipped.
 */
@Command(name = "prune", description = "Remove unused data", customSynopsis = "[OPTIONS]")
public final class SystemPruneCommand extends EngineCommand {

    @Option(names = {"-a", "--all"}, description = "Remove all unused images not just dangling ones")
    boolean all;

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"label=<key>=<value>\")")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--volumes", description = "Prune anonymous volumes")
    boolean volumes;

    @FunctionalInterface
    private interface Pruning {
        PruneRequests.Report run() throws Exception;
    }

    @Override
    protected int execute() throws Exception {
        Map<String, List<String>> filterMap = Filters.parse(filters);
        if (volumes && filterMap.containsKey("until")) {
            throw new CommandFailure(1, "ERROR: The \"until\" filter is not supported with \"--volumes\"");
        }
        if (!force && !Prompt.confirm(io(), confirmation(filterMap))) {
            return 0;
        }
        PruneRequests prune = new PruneRequests(client());
        List<Pruning> steps = new ArrayList<>();
        steps.add(() -> prune.containers(filterMap));
        steps.add(() -> prune.networks(filterMap));
        if (volumes) {
            steps.add(() -> prune.volumes(filterMap));
        }
        steps.add(() -> prune.images(filterMap, all));
        steps.add(() -> prune.buildCache(filterMap, all));
        long reclaimed = 0;
        for (Pruning step : steps) {
            PruneRequests.Report report;
            try {
                report = step.run();
            } catch (ApiException e) {
                if (e.notFound()) {
                    continue;
                }
                throw e;
            }
            reclaimed += report.spaceReclaimed();
            if (!report.output().isEmpty()) {
                io().out().println(report.output());
                io().out().flush();
            }
        }
        io().out().println("Total reclaimed space: " + Humanize.size4(reclaimed));
        io().out().flush();
        return 0;
    }

    /** docker's confirmationTemplate, rendered. */
    String confirmation(Map<String, List<String>> filterMap) {
        StringBuilder text = new StringBuilder("WARNING! This will remove:");
        List<String> warnings = new ArrayList<>(List.of("all stopped containers", "all networks not used by at least one container"));
        if (volumes) {
            warnings.add("all anonymous volumes not used by at least one container");
        }
        warnings.add(all ? "all images without at least one container associated to them" : "all dangling images");
        warnings.add(all ? "all build cache" : "unused build cache");
        warnings.forEach(w -> text.append("\n  - ").append(w));
        text.append('\n');
        List<String> shown = new ArrayList<>();
        for (String name : List.of("label", "label!", "until")) {
            filterMap.getOrDefault(name, List.of()).forEach(v -> shown.add(name + "=" + v));
        }
        shown.sort(NaturalOrder.INSTANCE);
        if (!shown.isEmpty()) {
            text.append("\n  Items to be pruned will be filtered with:");
            shown.forEach(f -> text.append("\n  - ").append(f));
            text.append('\n');
        }
        return text.append("\nAre you sure you want to continue?").toString();
    }
}
