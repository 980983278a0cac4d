package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.TableWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth top CONTAINER [ps OPTIONS]}: GET /containers/{id}/top?ps_args=, aligned like docker's (tabwriter 20, 1, 3). */
@Command(name = "top", description = "Display the running processes of a container", customSynopsis = "CONTAINER [ps OPTIONS]")
public final class TopCommand extends EngineCommand implements OptionsBeforeArguments {

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ps OPTIONS")
    List<String> psArgs = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        Query query = Query.of();
        if (!psArgs.isEmpty()) {
            query.add("ps_args", String.join(" ", psArgs));
        }
        JsonNode top = client().get("/containers/" + container + "/top", query);
        StringBuilder text = new StringBuilder();
        text.append(tabbed(top.path("Titles"))).append('\n');
        for (JsonNode process : top.path("Processes")) {
            text.append(tabbed(process)).append('\n');
        }
        io().out().print(new TableWriter(20, 3).format(text.toString()));
        io().out().flush();
        return 0;
    }

    private static String tabbed(JsonNode cells) {
        List<String> values = new ArrayList<>();
        cells.forEach(cell -> values.add(cell.asText("")));
        return String.join("\t", values);
    }
}
