package dev.berth.gateway.distribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Docker's JSON message stream for pull and push ({@code jsonmessage.JSONMessage}): one object per line,
 * {"status","id"}, with {"progressDetail","progress"} while bytes move, {"aux"} for push's result and
 * {"errorDetail","error"} for a failure once the stream has begun.
 */
public final class ProgressOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BAR_WIDTH = 50;

    private final Consumer<byte[]> sink;
    private volatile boolean cancelled;

    public ProgressOutput(Consumer<byte[]> sink) {
        this.sink = sink;
    }

    /** {"status": text, "id": id}, moby's progress.Message; an empty id is left out ("Digest: ...", "Status: ..."). */
    public void message(String id, String text) {
        ObjectNode message = MAPPER.createObjectNode().put("status", text);
        if (id != null && !id.isEmpty()) {
            message.put("id", id);
        }
        write(message);
    }

    /** {"status": action, "progressDetail": {}, "id": id}: a layer's step, as moby's progress.Update writes it. */
    public void update(String id, String action) {
        ObjectNode message = MAPPER.createObjectNode().put("status", action);
        message.putObject("progressDetail");
        write(message.put("id", id));
    }

    /** A layer's bytes so far: "Downloading" or "Pushing" with the bar Docker draws on a terminal. */
    public void progress(String id, String status, long current, long total) {
        ObjectNode message = MAPPER.createObjectNode().put("status", status);
        ObjectNode detail = message.putObject("progressDetail").put("current", current);
        if (total > 0) {
            detail.put("total", total);
        }
        message.put("progress", bar(current, total));
        write(message.put("id", id));
    }

    /** {"progressDetail": {}, "aux": {...}}: push's Tag, Digest and Size. */
    public void aux(ObjectNode aux) {
        ObjectNode message = MAPPER.createObjectNode();
        message.putObject("progressDetail");
        message.set("aux", aux);
        write(message);
    }

    /** {"errorDetail": {"message"}, "error"}: how a failure reads once the head is sent. */
    public void error(String text) {
        ObjectNode message = MAPPER.createObjectNode();
        message.putObject("errorDetail").put("message", text);
        write(message.put("error", text));
    }

    /** The client went away: the work stops at its next step. */
    void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Layers download side by side: one message at a time, whole. */
    private synchronized void write(ObjectNode message) {
        if (!cancelled) {
            sink.accept((message + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** "[=====>      ]  1.049MB/2.097MB", as jsonmessage.JSONProgress renders it. */
    static String bar(long current, long total) {
        String numbers = total > 0 ? String.format("%8s/%s", humanSize(current), humanSize(total)) : String.format("%8s", humanSize(current));
        if (total <= 0) {
            return numbers;
        }
        int done = (int) (Math.min(current, total) * BAR_WIDTH / total);
        return "[" + "=".repeat(done) + ">" + " ".repeat(BAR_WIDTH - done) + "] " + numbers;
    }

    /** go-units' HumanSize: decimal units, four significant digits ("772.8kB", "2.1MB"). */
    static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return text + units[unit];
    }
}
