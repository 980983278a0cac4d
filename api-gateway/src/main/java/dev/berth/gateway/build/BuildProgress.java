package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * POST /build's answer: Docker's JSON messages, one per line ending "\r\n", handed on as they come:
 * {"stream": text}, {"aux": {"ID": id}}, {"errorDetail": {"code": n, "message": m}, "error": m}.
 * With q=1 the stream text is held back (and sent before an error only, as Docker does).
 */
public final class BuildProgress {
    private static final byte[] NEWLINE = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<byte[]> out;
    private final boolean quiet;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    public BuildProgress(Consumer<byte[]> out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    /** A line (or any text) of the build's output. */
    public synchronized void stream(String text) {
        byte[] message = message(RunConfigs.MAPPER.createObjectNode().put("stream", text));
        if (quiet) {
            held.writeBytes(message);
        } else {
            send(message);
        }
    }

    /** Messages made elsewhere in Docker's format (a base image's pull progress), held back with q=1 as the rest. */
    public synchronized void raw(byte[] messages) {
        if (quiet) {
            held.writeBytes(messages);
        } else {
            send(messages);
        }
    }

    /** A RUN's standard error, in red as Docker's stderr writer colours it. */
    public void stderr(String text) {
        stream("\u001b[91m" + text + "\u001b[0m");
    }

    /** {"aux":{"ID":"sha256:..."}}: a stage's image, the last one is what --iidfile gets. */
    public synchronized void aux(String imageId) {
        ObjectNode message = RunConfigs.MAPPER.createObjectNode();
        message.putObject("aux").put("ID", imageId);
        send(message(message));
    }

    /** The build's end with an error; {@code code} (a RUN's exit status) is 0 when none. */
    public synchronized void error(String text, int code) {
        if (quiet && held.size() > 0) {
            send(held.toByteArray());
            held.reset();
        }
        ObjectNode message = RunConfigs.MAPPER.createObjectNode();
        ObjectNode detail = message.putObject("errorDetail");
        if (code != 0) {
            detail.put("code", code);
        }
        detail.put("message", text);
        message.put("error", text);
        send(message(message));
    }

    /** With q=1: the image id alone, as Docker prints it at the end. */
    public synchronized void quietResult(String imageId) {
        send(message(RunConfigs.MAPPER.createObjectNode().put("stream", imageId + "\n")));
    }

    private void send(byte[] bytes) {
        out.accept(bytes);
    }

    private static byte[] message(ObjectNode node) {
        byte[] json = node.toString().getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[json.length + NEWLINE.length];
        System.arraycopy(json, 0, line, 0, json.length);
        System.arraycopy(NEWLINE, 0, line, json.length, NEWLINE.length);
        return line;
    }
}
