package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.http.hijack.StreamFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * GET /containers/{id}/logs as a stream of chunks read from the container's json-file log:
 * frames (raw bytes for a TTY), the entry's time in front when asked, the last N lines for tail,
 * and with follow new lines until the container stops. Reads a chunk at a time; never the whole log.
 */
final class LogStream implements AutoCloseable {
    /** What the logs endpoint's parameters ask for; {@code tail} < 0 means all; null instants mean unbounded. */
    record Options(boolean stdout, boolean stderr, boolean timestamps, boolean follow, long tail, Instant since, Instant until) {}

    private static final int CHUNK = 32 * 1024;
    private static final long POLL_MILLIS = 100;

    private final ContainerService containers;
    private final String container;
    private final boolean multiplexed;
    private final Options options;
    private final JsonLogLines lines;
    private long skip;
    private boolean done;

    LogStream(ContainerService containers, String container, Path log, boolean tty, Options options) throws IOException {
        this.containers = containers;
        this.container = container;
        this.multiplexed = !tty;
        this.options = options;
        this.lines = new JsonLogLines(log);
        this.skip = options.tail() < 0 ? 0 : Math.max(0, JsonLogLines.count(log) - options.tail());
    }

    /** The next chunk of output, or null at the end (for follow: once the container is no longer running). */
    byte[] next() {
        if (done) {
            return null;
        }
        try {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            while (chunk.size() < CHUNK) {
                byte[] line = lines.next();
                if (line == null) {
                    if (chunk.size() > 0) {
                        break;
                    }
                    if (!options.follow() || !running()) {
                        // a last look: lines written just before the container stopped
                        line = lines.next();
                        if (line == null) {
                            done = true;
                            return null;
                        }
                    } else {
                        Thread.sleep(POLL_MILLIS);
                        continue;
                    }
                }
                if (skip > 0) {
                    skip--;
                    continue;
                }
                render(line, chunk);
            }
            return chunk.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = true;
            return null;
        }
    }

    private void render(byte[] line, ByteArrayOutputStream out) {
        JsonNode entry;
        try {
            entry = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return; // a damaged line is skipped, as Docker skips it
        }
        String stream = entry.path("stream").asText("stdout");
        boolean stderr = stream.equals("stderr");
        if (stderr ? !options.stderr() : !options.stdout()) {
            return;
        }
        String time = entry.path("time").asText("");
        if (options.since() != null || options.until() != null) {
            Instant at;
            try {
                at = Instant.parse(time);
            } catch (RuntimeException e) {
                return;
            }
            if ((options.since() != null && at.isBefore(options.since())) || (options.until() != null && at.isAfter(options.until()))) {
                return;
            }
        }
        String text = options.timestamps() ? time + " " + entry.path("log").asText("") : entry.path("log").asText("");
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (multiplexed) {
            out.writeBytes(StreamFrames.header(stderr ? 2 : 1, payload.length));
        }
        out.writeBytes(payload);
    }

    private boolean running() {
        try {
            return containers.inspect(container).state().running();
        } catch (DockerApiException gone) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // a file opened for reading
        }
    }
}
