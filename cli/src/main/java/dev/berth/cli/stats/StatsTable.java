package dev.berth.cli.stats;

import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker stats' output: the default table, or --format with the fields .Container .Name .ID
 * .CPUPerc .MemUsage .MemPerc .NetIO .BlockIO .PIDs; "--" for figures that are stale or failed.
 * Streaming output is a frame that redraws the screen in place.
 */
public final class StatsTable {
    public static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    private static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "Name", "NAME", "ID", "CONTAINER ID",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O",
            "BlockIO", "BLOCK I/O", "PIDs", "PIDS");
    private static final String NO_VALUE = "--";

    private final OutputFormat format;
    private final boolean truncate;

    public StatsTable(String format, boolean truncate) {
        String chosen = format == null || format.isEmpty() || format.equals("table") ? DEFAULT_TABLE
                : format.equals("json") ? "{{json .}}" : format;
        this.format = OutputFormat.parse(chosen, DEFAULT_TABLE);
        this.truncate = truncate;
    }

    public String render(List<StatsCollector.Snapshot> snapshots) {
        List<Row> rows = new ArrayList<>();
        for (StatsCollector.Snapshot snapshot : snapshots) {
            rows.add(row(snapshot));
        }
        return format.render(rows, Row.header(HEADERS));
    }

    /** The text as a screen update: cursor home, each line cleared to its end, the rest of the screen cleared. */
    public static String frame(String text) {
        StringBuilder frame = new StringBuilder("\033[H");
        for (String line : text.split("\n", -1)) {
            frame.append(line).append("\033[K\n");
        }
        return frame.append("\033[J").toString();
    }

    Row row(StatsCollector.Snapshot snapshot) {
        StatsEntry s = snapshot.entry();
        boolean invalid = snapshot.invalid();
        return Row.of("*container.statsContext")
                .put("Container", snapshot::container)
                .put("Name", () -> s.name().length() > 1 ? s.name().substring(1) : NO_VALUE)
                .put("ID", () -> truncate && s.id().length() > 12 ? s.id().substring(0, 12) : s.id())
                .put("CPUPerc", () -> invalid ? NO_VALUE : percentage(s.cpuPercent()))
                .put("MemUsage", () -> invalid ? "-- / --" : Humanize.binarySize(s.memory()) + " / " + Humanize.binarySize(s.memoryLimit()))
                .put("MemPerc", () -> invalid ? NO_VALUE : percentage(s.memoryPercent()))
                .put("NetIO", () -> invalid ? NO_VALUE : Humanize.size(s.networkRx()) + " / " + Humanize.size(s.networkTx()))
                .put("BlockIO", () -> invalid ? NO_VALUE : Humanize.size(s.blockRead()) + " / " + Humanize.size(s.blockWrite()))
                .put("PIDs", () -> invalid ? NO_VALUE : Long.toString(s.pids()));
    }

    /** strconv.FormatFloat(v, 'f', 2, 64) + "%": the exact binary value rounded half to even. */
    static String percentage(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return (Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf") + "%";
        }
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }
}
