package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * A command applied to each named container (rm, stop, kill, wait) or image (rmi) in turn: failures are
 * reported one by one and make the exit status 1, the others still run.
 */
abstract class PerContainerCommand extends EngineCommand {

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    /** @return the line to print for the container */
    protected abstract String apply(String container) throws Exception;

    @Override
    protected int execute() throws Exception {
        boolean failed = false;
        for (String container : containers) {
            try {
                io().out().println(apply(container));
                io().out().flush();
            } catch (ApiException e) {
                io().err().println(e.display());
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }
}
