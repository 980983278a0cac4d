package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth unpause}: POST /containers/{id}/unpause for each container. */
@Command(name = "unpause", description = "Unpause all processes within one or more containers", customSynopsis = "CONTAINER [CONTAINER...]")
public final class UnpauseCommand extends PerContainerCommand {

    @Override
    protected String apply(String container) throws Exception {
        client().post("/containers/" + container + "/unpause", Query.of(), null);
        return container;
    }
}
