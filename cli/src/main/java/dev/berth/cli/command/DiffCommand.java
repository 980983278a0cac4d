package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth diff}: GET /containers/{id}/changes as "C /path", "A /path", "D /path". */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem",
        customSynopsis = "CONTAINER")
public final class DiffCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        if (container.isEmpty()) {
            throw new CommandFailure(1, "Container name cannot be empty");
        }
        JsonNode changes = client().get("/containers/" + container + "/changes", Query.of());
        StringBuilder out = new StringBuilder();
        for (JsonNode change : changes) {
            out.append(kind(change.path("Kind").asInt(-1))).append(' ').append(change.path("Path").asText("")).append('\n');
        }
        io().out().print(out);
        io().out().flush();
        return 0;
    }

    /** The API's Kind: 0 modified, 1 added, 2 deleted. */
    static String kind(int kind) {
        return switch (kind) {
            case 0 -> "C";
            case 1 -> "A";
            case 2 -> "D";
            default -> "";
        };
    }
}
