package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network rm}: DELETE /networks/{id} for each; names printed, errors one by one, status 1 if any. */
@Command(name = "rm", description = "Remove one or more networks", customSynopsis = "NETWORK [NETWORK...]")
public final class NetworkRmCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Do not error if the network does not exist")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        boolean failed = false;
        for (String network : networks) {
            try {
                client().delete("/networks/" + network, Query.of());
                io().out().println(network);
            } catch (ApiException e) {
                if (force && e.notFound()) {
                    continue;
                }
                io().err().println(e.display());
                failed = true;
            }
            io().out().flush();
        }
        return failed ? 1 : 0;
    }
}
