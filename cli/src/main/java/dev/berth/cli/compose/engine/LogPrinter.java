package dev.berth.cli.compose.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.io.StreamDemultiplexer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * compose logs: each container's log, stdout and stderr alike, line by line behind a
 * "name  | " prefix padded to the longest name (coloured on a terminal), one reader per
 * container, whole lines only so that containers never interleave mid-line.
 */
public final class LogPrinter {
    private static final String[] COLOURS = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};

    /** What compose logs was asked: follow, tail ("all" or a count), timestamps, colour. */
    public record Options(boolean follow, String tail, boolean timestamps, boolean colour, boolean prefix) {}

    private final EngineClient client;
    private final PrintStream out;

    public LogPrinter(EngineClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Prints the containers' logs; with follow, returns when every stream has ended. */
    public void print(List<String> containers, Options options) throws InterruptedException {
        int width = containers.stream().mapToInt(String::length).max().orElse(0);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            String name = containers.get(i);
            String padded = name + " ".repeat(width - name.length()) + "  | ";
            String prefix = !options.prefix() ? "" : options.colour()
                    ? "\u001b[" + COLOURS[i % COLOURS.length] + "m" + padded + "\u001b[0m" : padded;
            readers.add(Thread.ofVirtual().name("logs-" + name).start(() -> read(name, prefix, options)));
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }

    private void read(String container, String prefix, Options options) {
        try {
            JsonNode info = client.get("/containers/" + container + "/json", Query.of());
            boolean tty = info.path("Config").path("Tty").asBoolean(false);
            Query query = Query.of().add("stdout", "1").add("stderr", "1").flag("follow", options.follow())
                    .flag("timestamps", options.timestamps()).add("tail", options.tail());
            try (HttpResponse response = client.send(client.request("GET", "/containers/" + container + "/logs", query));
                 LineWriter lines = new LineWriter(prefix)) {
                if (tty) {
                    StreamDemultiplexer.copyRaw(response.body(), lines);
                } else {
                    StreamDemultiplexer.copy(response.body(), lines, lines);
                }
            }
        } catch (Exception e) {
            synchronized (out) {
                out.println(prefix + "error reading the log: " + e.getMessage());
            }
        }
    }

    /** Collects bytes until a newline, then prints the prefixed line at once. */
    private final class LineWriter extends OutputStream {
        private final String prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineWriter(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (out) {
                out.println(prefix + text);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (line.size() > 0) {
                emit();
            }
        }
    }
}
