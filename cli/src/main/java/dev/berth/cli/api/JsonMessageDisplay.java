package dev.berth.cli.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.format.Humanize;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * docker 28's jsonmessage.DisplayJSONMessagesStream, whole: "stream" text as it is, "id: status"
 * lines, progress bars redrawn in place on a terminal (and left out otherwise), "aux" messages
 * handed to a callback, and the first "errorDetail" ending the display as a failure with its code.
 */
public final class JsonMessageDisplay {
    private static final DateTimeFormatter RFC3339_NANO_FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    /** An errorDetail in the stream: docker's JSONError, whose code becomes the exit status (1 when 0). */
    public static final class Failure extends Exception {
        private final int code;

        public Failure(String message, int code) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final Consumer<JsonNode> aux;

    /**
     * @param width the terminal's columns (docker draws the bar itself only above 110), ignored without one
     * @param aux   receives each message's "aux" value; such messages are not printed
     */
    public JsonMessageDisplay(PrintStream out, boolean terminal, int width, Consumer<JsonNode> aux) {
        this.out = out;
        this.terminal = terminal;
        this.width = terminal && width > 0 ? width : 200;
        this.aux = aux;
    }

    public void display(InputStream in) throws IOException, Failure {
        Map<String, Integer> ids = new HashMap<>();
        try (JsonParser parser = Json.mapper().createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("json: cannot unmarshal " + token.asString() + " into Go value of type jsonmessage.JSONMessage");
                }
                JsonNode message = Json.mapper().readTree(parser);
                if (message.hasNonNull("aux")) {
                    aux.accept(message.get("aux"));
                    continue;
                }
                show(message, ids);
            }
        } finally {
            out.flush();
        }
    }

    private void show(JsonNode message, Map<String, Integer> ids) throws Failure {
        String id = text(message, "id");
        boolean progress = message.hasNonNull("progressDetail");
        int diff = 0;
        if (!id.isEmpty() && (progress || !text(message, "progress").isEmpty())) {
            // each id keeps its own line on a terminal, redrawn by moving the cursor up to it
            Integer line = ids.get(id);
            if (line == null) {
                line = ids.size();
                ids.put(id, line);
                if (terminal) {
                    out.print("\n");
                }
            }
            diff = ids.size() - line;
            if (terminal && diff > 0) {
                out.print("\u001b[" + diff + "A");
            }
        } else {
            ids.clear();
        }
        try {
            print(message, id, progress);
        } finally {
            if (!id.isEmpty() && terminal && diff > 0) {
                out.print("\u001b[" + diff + "B");
            }
        }
    }

    /** jsonmessage.Display for one message. */
    private void print(JsonNode message, String id, boolean progress) throws Failure {
        JsonNode error = message.get("errorDetail");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt(0);
            throw new Failure(error.path("message").asText(""), code == 0 ? 1 : code);
        }
        String stream = text(message, "stream");
        String status = text(message, "status");
        String bar = progress ? progressBar(message.get("progressDetail")) : "";
        String endl = "";
        if (terminal && stream.isEmpty() && progress) {
            out.print("\u001b[2K\r");
            endl = "\r";
        } else if (progress && !bar.isEmpty()) {
            return; // no progress bars without a terminal
        }
        long timeNano = message.path("timeNano").asLong(0);
        long time = message.path("time").asLong(0);
        if (timeNano != 0) {
            out.print(timestamp(Instant.ofEpochSecond(0, timeNano)) + " ");
        } else if (time != 0) {
            out.print(timestamp(Instant.ofEpochSecond(time)) + " ");
        }
        if (!id.isEmpty()) {
            out.print(id + ": ");
        }
        String from = text(message, "from");
        if (!from.isEmpty()) {
            out.print("(from " + from + ") ");
        }
        String progressMessage = text(message, "progress");
        if (progress && terminal) {
            out.print(status + " " + bar + endl);
        } else if (!progressMessage.isEmpty()) {
            out.print(status + " " + progressMessage + endl);
        } else if (!stream.isEmpty()) {
            out.print(stream + endl);
        } else {
            out.print(status + endl + "\n");
        }
    }

    /** JSONProgress.String(): "[====>   ] 1.2MB/3.4MB", the bar only on wide terminals. */
    String progressBar(JsonNode detail) {
        long current = detail.path("current").asLong(0);
        long total = detail.path("total").asLong(0);
        String units = detail.path("units").asText("");
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return units.isEmpty() ? String.format("%8s", Humanize.size4(current)) : current + " " + units;
        }
        int percentage = Math.min((int) ((double) current / total * 100) / 2, 50);
        String box = width > 110 ? "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(50 - percentage, 0)) + "] " : "";
        String numbers;
        if (detail.path("hidecounts").asBoolean(false)) {
            numbers = "";
        } else if (units.isEmpty()) {
            String now = Humanize.size4(current);
            numbers = current > total ? String.format("%8s", now) : String.format("%8s", now) + "/" + Humanize.size4(total);
        } else {
            numbers = current > total ? current + " " + units : current + "/" + total + " " + units;
        }
        long start = detail.path("start").asLong(0);
        String left = "";
        if (width > 50 && current > 0 && start > 0 && percentage < 50) {
            double perEntryNanos = (System.currentTimeMillis() * 1_000_000.0 - start * 1_000_000_000.0) / current;
            long seconds = Math.round((total - current) * perEntryNanos / 1e9);
            left = " " + goDuration(seconds);
        }
        return box + numbers + left;
    }

    private static String goDuration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return (h > 0 ? h + "h" + m + "m" : m > 0 ? m + "m" : "") + s + "s";
    }

    private static String timestamp(Instant instant) {
        return RFC3339_NANO_FIXED.format(instant.atZone(ZoneId.systemDefault()));
    }

    private static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
