package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth wait}: block until each container stops, print its exit code. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand extends PerContainerCommand {

    @Override
    protected String apply(String container) throws Exception {
        JsonNode result = client().post("/containers/" + container + "/wait", Query.of(), null);
        return result.path("StatusCode").asText("");
    }
}
