package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth volume ls [-q] [-f k=v] [--format]}: GET /volumes?filters=; docker's table
 * "DRIVER VOLUME NAME", -q the names, --format on docker's volumeContext (Name, Driver, Scope,
 * Mountpoint, Labels, Label, Links, Size), json.
 */
@Command(name = "ls", description = "List volumes", customSynopsis = "[OPTIONS]")
public final class VolumeLsCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.Driver}}\t{{.Name}}";
    private static final Map<String, String> HEADERS = Map.of("Name", "VOLUME NAME", "Driver", "DRIVER", "Scope", "SCOPE",
            "Mountpoint", "MOUNTPOINT", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE");

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Provide filter values (e.g. \"dangling=true\")")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.\n"
            + "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
    boolean quiet;

    @Override
    protected int execute() throws Exception {
        Map<String, List<String>> filterMap = Filters.parseFlag(filters);
        String source = format == null || format.isEmpty() || format.equals("table") ? (quiet ? "{{.Name}}" : DEFAULT_TABLE)
                : format.equals("json") ? "{{json .}}" : format;
        OutputFormat output = OutputFormat.parse(source, DEFAULT_TABLE);
        JsonNode response = client().get("/volumes", Query.of().addIfPresent("filters", Filters.dockerJson(filterMap)));
        List<JsonNode> volumes = new ArrayList<>();
        response.path("Volumes").forEach(volumes::add);
        volumes.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.path("Name").asText(), b.path("Name").asText()));
        List<Row> rows = new ArrayList<>();
        for (JsonNode volume : volumes) {
            rows.add(row(volume));
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        return 0;
    }

    private static Row row(JsonNode v) {
        Map<String, String> labels = new TreeMap<>();
        v.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode usage = v.path("UsageData");
        return Row.of("*formatter.volumeContext")
                .put("Name", () -> v.path("Name").asText())
                .put("Driver", () -> v.path("Driver").asText())
                .put("Scope", () -> v.path("Scope").asText())
                .put("Mountpoint", () -> v.path("Mountpoint").asText())
                .put("Labels", () -> String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
                .put("Links", () -> usage.isMissingNode() ? "N/A" : usage.path("RefCount").asText())
                .put("Size", () -> usage.isMissingNode() ? "N/A" : dev.berth.cli.format.Humanize.size(usage.path("Size").asDouble()))
                .put("Group", () -> "N/A")
                .put("Availability", () -> "N/A")
                .put("Status", () -> "N/A")
                .put("Label", () -> (dev.berth.cli.format.TemplateMethod) args -> args.isEmpty() ? ""
                        : labels.getOrDefault(String.valueOf(args.getFirst()), ""));
    }
}
