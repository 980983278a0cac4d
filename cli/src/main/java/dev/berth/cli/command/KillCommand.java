package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth kill}: send a signal (SIGKILL by default). */
@Command(name = "kill", description = "Kill one or more running containers")
public final class KillCommand extends PerContainerCommand {

    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal;

    @Override
    protected String apply(String container) throws Exception {
        client().post("/containers/" + container + "/kill", Query.of().addIfPresent("signal", signal), null);
        return container;
    }
}
