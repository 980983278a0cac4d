package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateMethod;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps} / {@code berth container ls}. */
@Command(name = "ps", description = "List containers")
public final class PsCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
            Map.entry("Status", "STATUS"), Map.entry("Ports", "PORTS"), Map.entry("Names", "NAMES"),
            Map.entry("Labels", "LABELS"), Map.entry("Size", "SIZE"), Map.entry("Mounts", "MOUNTS"),
            Map.entry("Networks", "NETWORKS"), Map.entry("State", "STATE"), Map.entry("LocalVolumes", "LOCAL VOLUMES"),
            Map.entry("Label", "LABEL"));

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Option(names = {"-n", "--last"}, defaultValue = "-1", description = "Show n last created containers (includes all states)")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Override
    protected int execute() throws Exception {
        String defaultTable = size ? DEFAULT_TABLE + "\t{{.Size}}" : DEFAULT_TABLE;
        OutputFormat output = OutputFormat.parse(quiet ? "{{.ID}}" : format, defaultTable);
        int limit = latest ? 1 : last;
        Query query = Query.of().flag("all", all).flag("size", size)
                .addIfPresent("filters", Filters.json(Filters.parse(filters)));
        if (limit > 0) {
            query.add("limit", Integer.toString(limit));
        }
        JsonNode containers = client().get("/containers/json", query);
        List<Row> rows = new ArrayList<>();
        for (JsonNode container : containers) {
            rows.add(row(container));
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        return 0;
    }

    Row row(JsonNode c) {
        Instant created = Instant.ofEpochSecond(c.path("Created").asLong());
        return Row.of("*formatter.ContainerContext")
                .put("ID", () -> noTrunc ? c.path("Id").asText() : ImagesCommand.shortId(c.path("Id").asText()))
                .put("Image", () -> image(c.path("Image").asText(""), c.path("ImageID").asText("")))
                .put("Command", () -> {
                    String command = c.path("Command").asText("");
                    return quote(noTrunc ? command : Humanize.ellipsis(command, 20));
                })
                .put("CreatedAt", () -> ImagesCommand.GO_TIME.format(created.atZone(ZoneId.systemDefault())))
                .put("RunningFor", () -> Humanize.ago(Duration.between(created, session().clock().instant())))
                .put("Ports", () -> PortsText.display(c.path("Ports")))
                .put("State", () -> c.path("State").asText(""))
                .put("Status", () -> c.path("Status").asText(""))
                .put("Size", () -> sizeText(c))
                .put("Names", () -> names(c.path("Names")))
                .put("Labels", () -> labels(c.path("Labels")))
                .put("Label", () -> (TemplateMethod) args -> args.isEmpty() ? "" : c.path("Labels").path(String.valueOf(args.getFirst())).asText(""))
                .put("Mounts", () -> mounts(c.path("Mounts")))
                .put("Networks", () -> String.join(",", new TreeMap<>(toMap(c.path("NetworkSettings").path("Networks"))).keySet()))
                .put("LocalVolumes", () -> Long.toString(countLocalVolumes(c.path("Mounts"))));
    }

    /**
     * docker's ContainerContext.Image: the image id cut to 12 when that is what was given, else the
     * name familiar and without its digest (image-spec's ImageReference); as given with --no-trunc.
     */
    private String image(String image, String imageId) {
        if (image.isEmpty()) {
            return "<no image>";
        }
        if (noTrunc) {
            return image;
        }
        String truncated = truncateId(imageId);
        if (truncated.equals(truncateId(image))) {
            return truncated;
        }
        try {
            ImageReference reference = ImageReference.parse(image);
            return reference.tag() == null || References.nameOnly(image) ? reference.familiarRepository()
                    : reference.familiarRepository() + ":" + reference.tag();
        } catch (InvalidReferenceException e) {
            return image;
        }
    }

    /** stringid.TruncateID: what follows the first ":", at most 12 characters. */
    private static String truncateId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private String names(JsonNode names) {
        List<String> result = new ArrayList<>();
        for (JsonNode n : names) {
            String name = n.asText();
            if (name.startsWith("/")) {
                name = name.substring(1);
            }
            // names with a further slash are legacy links; docker shows them only with --no-trunc
            if (noTrunc || !name.contains("/")) {
                result.add(name);
            }
        }
        return String.join(",", result);
    }

    private static String labels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(toMap(labels)).forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }

    private static Map<String, String> toMap(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText("")));
        return map;
    }

    private String mounts(JsonNode mounts) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : mounts) {
            String name = m.path("Type").asText().equals("volume") ? m.path("Name").asText("") : m.path("Source").asText("");
            if (!noTrunc && name.length() > 15) {
                name = Humanize.ellipsis(name, 15);
            }
            names.add(name);
        }
        return String.join(",", names);
    }

    private static long countLocalVolumes(JsonNode mounts) {
        long count = 0;
        for (JsonNode m : mounts) {
            if (m.path("Driver").asText("").equals("local")) {
                count++;
            }
        }
        return count;
    }

    private static String sizeText(JsonNode c) {
        if (!c.has("SizeRw") && !c.has("SizeRootFs")) {
            return "0B";
        }
        String rw = Humanize.size(c.path("SizeRw").asDouble());
        String virtual = Humanize.size(c.path("SizeRootFs").asDouble());
        return rw + " (virtual " + virtual + ")";
    }

    /** strconv.Quote, as docker quotes the COMMAND column. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\x%02x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
