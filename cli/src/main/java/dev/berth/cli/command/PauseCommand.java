package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth pause}: POST /containers/{id}/pause for each container. */
@Command(name = "pause", description = "Pause all processes within one or more containers", customSynopsis = "CONTAINER [CONTAINER...]")
public final class PauseCommand extends PerContainerCommand {

    @Override
    protected String apply(String container) throws Exception {
        client().post("/containers/" + container + "/pause", Query.of(), null);
        return container;
    }
}
