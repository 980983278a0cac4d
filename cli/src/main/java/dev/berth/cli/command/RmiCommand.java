package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth rmi IMAGE...} / {@code berth image rm}: DELETE /images/{name}, printing the
 * daemon's "Untagged:" and "Deleted:" lines as docker does.
 */
@Command(name = "rmi", description = "Remove one or more images")
public final class RmiCommand extends PerContainerCommand {

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Option(names = "--no-prune", description = "Do not delete untagged parents")
    boolean noPrune;

    @Override
    protected String apply(String image) throws Exception {
        JsonNode deleted = client().delete("/images/" + image, Query.of().flag("force", force).flag("noprune", noPrune));
        StringBuilder lines = new StringBuilder();
        if (deleted != null) {
            for (JsonNode item : deleted) {
                item.properties().forEach(e -> {
                    if (!lines.isEmpty()) {
                        lines.append('\n');
                    }
                    lines.append(e.getKey()).append(": ").append(e.getValue().asText());
                });
            }
        }
        return lines.toString();
    }
}
