package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rename OLD NEW}: POST /containers/{old}/rename?name=NEW; prints nothing. */
@Command(name = "rename", description = "Rename a container", customSynopsis = "CONTAINER NEW_NAME")
public final class RenameCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String oldName;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    protected int execute() throws Exception {
        String from = oldName.strip();
        String to = newName.strip();
        if (from.isEmpty() || to.isEmpty()) {
            throw new CommandFailure(1, "Error: Neither old nor new names may be empty");
        }
        try {
            client().post("/containers/" + from + "/rename", Query.of().add("name", to), null);
        } catch (ApiException e) {
            io().err().println(e.display());
            throw new CommandFailure(1, "Error: failed to rename container named " + from);
        }
        return 0;
    }
}
