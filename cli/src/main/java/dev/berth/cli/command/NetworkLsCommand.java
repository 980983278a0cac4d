package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateMethod;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network ls}: GET /networks?filters=, docker's table sorted by name (natural order). */
@Command(name = "ls", description = "List networks", customSynopsis = "[OPTIONS]")
public final class NetworkLsCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
    static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
            "Scope", "SCOPE", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED AT");

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Provide filter values (e.g. \"driver=bridge\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
    boolean quiet;

    @Override
    protected int execute() throws Exception {
        String source = quiet && (format == null || format.isEmpty()) ? "{{.ID}}" : format;
        OutputFormat output = OutputFormat.parse("json".equals(source) ? "{{json .}}" : source, DEFAULT_TABLE);
        JsonNode networks = client().get("/networks",
                Query.of().addIfPresent("filters", Filters.dockerJson(Filters.parseFlag(filters))));
        List<JsonNode> sorted = new ArrayList<>();
        networks.forEach(sorted::add);
        sorted.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.path("Name").asText(""), b.path("Name").asText("")));
        List<Row> rows = new ArrayList<>();
        for (JsonNode network : sorted) {
            rows.add(row(network));
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        return 0;
    }

    private Row row(JsonNode n) {
        return Row.of("*network.networkContext")
                .put("ID", () -> noTrunc ? n.path("Id").asText("") : ImagesCommand.shortId(n.path("Id").asText("")))
                .put("Name", () -> n.path("Name").asText(""))
                .put("Driver", () -> n.path("Driver").asText(""))
                .put("Scope", () -> n.path("Scope").asText(""))
                .put("IPv6", () -> Boolean.toString(n.path("EnableIPv6").asBoolean()))
                .put("Internal", () -> Boolean.toString(n.path("Internal").asBoolean()))
                .put("Labels", () -> {
                    List<String> pairs = new ArrayList<>();
                    Map<String, String> labels = new TreeMap<>();
                    n.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    labels.forEach((k, v) -> pairs.add(k + "=" + v));
                    return String.join(",", pairs);
                })
                .put("Label", () -> (TemplateMethod) args -> args.isEmpty() ? "" : n.path("Labels").path(String.valueOf(args.getFirst())).asText(""))
                .put("CreatedAt", () -> {
                    try {
                        return ImagesCommand.GO_TIME.format(OffsetDateTime.parse(n.path("Created").asText()).atZoneSameInstant(ZoneId.systemDefault()));
                    } catch (RuntimeException e) {
                        return n.path("Created").asText("");
                    }
                });
    }
}
