package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth restart}: POST /containers/{id}/restart[?t=N] for each container. */
@Command(name = "restart", description = "Restart one or more containers", customSynopsis = "[OPTIONS] CONTAINER [CONTAINER...]")
public final class RestartCommand extends PerContainerCommand {

    @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Seconds to wait before killing the container")
    Integer timeout;

    @Option(names = "--time", hidden = true, paramLabel = "int", description = "Seconds to wait before killing the container (deprecated: use --timeout)")
    Integer deprecatedTimeout;

    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal;

    @Override
    protected String apply(String container) throws Exception {
        // API 1.41 has no signal parameter for restart; docker's client leaves it out below 1.42
        Query query = Query.of().addIfPresent("t", seconds());
        client().post("/containers/" + container + "/restart", query, null);
        return container;
    }

    /** -t, or the deprecated --time; docker refuses both at once. */
    private String seconds() {
        if (timeout != null && deprecatedTimeout != null) {
            throw new CommandFailure(1, "conflicting options: cannot specify both --timeout and --time");
        }
        Integer chosen = timeout != null ? timeout : deprecatedTimeout;
        return chosen == null ? null : chosen.toString();
    }
}
