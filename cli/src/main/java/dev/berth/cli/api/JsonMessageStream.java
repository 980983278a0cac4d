package dev.berth.cli.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * docker's JSON message streams (pull, import, push, build): one JSON object after another.
 * Printed as docker prints them without a terminal: "id: status" lines, progress updates
 * skipped, and an error message ends the stream as a failure.
 */
public final class JsonMessageStream {

    /** An {"error": ...} message in the stream. */
    public static final class StreamError extends Exception {
        public StreamError(String message) {
            super(message);
        }
    }

    private JsonMessageStream() {
    }

    /** Prints the messages to out; returns the last status (docker import's is the image id). */
    public static String display(InputStream in, PrintStream out) throws IOException, StreamError {
        String lastStatus = null;
        try (JsonParser parser = Json.mapper().createParser(in)) {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode message = Json.mapper().readTree(parser);
                if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
                    JsonNode detail = message.path("errorDetail").path("message");
                    throw new StreamError(detail.isTextual() ? detail.asText() : message.path("error").asText());
                }
                if (message.hasNonNull("stream")) {
                    out.print(message.get("stream").asText());
                    continue;
                }
                if (!message.hasNonNull("status")) {
                    continue;
                }
                String status = message.get("status").asText();
                lastStatus = status;
                if (isProgress(message)) {
                    continue;
                }
                String id = message.path("id").asText("");
                out.println(id.isEmpty() ? status : id + ": " + status);
            }
        }
        out.flush();
        return lastStatus;
    }

    private static boolean isProgress(JsonNode message) {
        JsonNode detail = message.path("progressDetail");
        return detail.has("current") || detail.has("total") || message.hasNonNull("progress");
    }
}
