package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth history} / {@code berth image history}: an image's layers, newest first, as docker's formatter shows them. */
@Command(name = "history", description = "Show the history of an image", customSynopsis = "berth history [OPTIONS] IMAGE")
public final class HistoryCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    static final String NON_HUMAN_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT",
            "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /** Created times up to 2000-01-01 show as "N/A" (images built with a zeroed clock). */
    private static final long EPOCH = 946684800L;

    @Option(names = {"-H", "--human"}, arity = "0..1", fallbackValue = "true", paramLabel = "",
            description = "Print sizes and dates in human readable format (default true)")
    boolean human = true;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.\n"
            + "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
    String format;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    protected int execute() throws Exception {
        String source = format == null || format.isEmpty() ? "table" : format;
        OutputFormat output = OutputFormat.parse(formatFor(source), human ? DEFAULT_TABLE : NON_HUMAN_TABLE);
        JsonNode history = client().get("/images/" + image + "/history", Query.of());
        List<Row> rows = new ArrayList<>();
        for (JsonNode layer : history) {
            rows.add(row(layer));
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        return 0;
    }

    /** newHistoryFormat: -q and -H=false only change the default table; "json" is docker's {{json .}}. */
    private String formatFor(String source) {
        if (source.equals("table")) {
            return quiet ? "{{.ID}}" : human ? DEFAULT_TABLE : NON_HUMAN_TABLE;
        }
        return source.equals("json") ? "{{json .}}" : source;
    }

    private Row row(JsonNode layer) {
        String id = layer.path("Id").asText("");
        long created = layer.path("Created").asLong(0);
        long size = layer.path("Size").asLong(0);
        String createdBy = layer.path("CreatedBy").asText("").replace("\t", " ");
        return Row.of("*image.historyContext")
                .put("ID", () -> noTrunc ? id : truncateId(id))
                .put("CreatedAt", () -> createdAt(created))
                .put("CreatedSince", () -> !human ? createdAt(created)
                        : created <= EPOCH ? "N/A" : Humanize.ago(Duration.between(Instant.ofEpochSecond(created), session().clock().instant())))
                .put("CreatedBy", () -> noTrunc ? createdBy : Humanize.ellipsis(createdBy, 45))
                .put("Size", () -> human ? Humanize.size(size) : Long.toString(size))
                .put("Comment", () -> layer.path("Comment").asText(""));
    }

    private static String createdAt(long created) {
        return RFC3339.format(Instant.ofEpochSecond(created).atZone(ZoneId.systemDefault()));
    }

    /** formatter.TruncateID: the part after the algorithm, at most 12 characters ("<missing>" stays). */
    static String truncateId(String id) {
        int colon = id.indexOf(':');
        String hex = colon >= 0 ? id.substring(colon + 1) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
