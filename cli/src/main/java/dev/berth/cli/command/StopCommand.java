package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth stop}: SIGTERM, then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop one or more running containers")
public final class StopCommand extends PerContainerCommand {

    @Option(names = {"-t", "--time", "--timeout"}, description = "Seconds to wait before killing the container")
    Integer timeout;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    @Override
    protected String apply(String container) throws Exception {
        Query query = Query.of().addIfPresent("t", timeout == null ? null : timeout.toString()).addIfPresent("signal", signal);
        client().post("/containers/" + container + "/stop", query, null);
        return container;
    }
}
