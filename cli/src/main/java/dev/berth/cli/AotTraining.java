package dev.berth.cli;

import dev.berth.cli.io.Io;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run of the CLI's ahead-of-time cache (deploy/aot-train runs it with
 * -XX:AOTMode=record, against the private stack it trains the services on): a set of everyday
 * command lines through {@link BerthMain#run}, output thrown away, so the classes they load and
 * link, and the profiles of their methods, are the ones the cache holds. Besides reading, it runs
 * containers of busybox, named {@value #CONTAINER}, and removes them; with no daemon every command
 * just fails to connect. Always exits 0.
 */
public final class AotTraining {

    /** Command lines docker users type most, plus help and a usage error (their code paths differ). */
    static final List<List<String>> COMMAND_LINES = List.of(
            List.of("ps"), List.of("ps", "-a"), List.of("ps", "-a", "--format", "{{.Names}}\t{{.Status}}"),
            List.of("images"), List.of("version"), List.of("info"),
            List.of("inspect", "berth-aot-training-no-such-object"),
            List.of("network", "ls"), List.of("volume", "ls"), List.of("container", "ls", "-q"),
            List.of("--help"), List.of("ps", "--help"), List.of("run", "--help"), List.of("image", "--help"),
            List.of("ps", "--no-such-flag"),
            // a container's life, the run path docker users time most first (its attach, wait and start)
            List.of("run", "--rm", "busybox", "true"),
            List.of("run", "-d", "--name", AotTraining.CONTAINER, "-e", "A=1", "-p", "127.0.0.1::80", "busybox", "sleep", "30"),
            List.of("exec", AotTraining.CONTAINER, "true"), List.of("logs", AotTraining.CONTAINER),
            List.of("inspect", AotTraining.CONTAINER), List.of("ps"), List.of("stop", "-t", "1", AotTraining.CONTAINER),
            List.of("rm", "-f", AotTraining.CONTAINER));

    /** The name of the container the training runs (and removes). */
    static final String CONTAINER = "berth-aot-training";

    private AotTraining() {
    }

    public static void main(String[] args) {
        train(System.getenv());
        // a command may have left a non-daemon thread behind; the recording is written at exit
        System.exit(0);
    }

    /** A compose file for `compose config` and `compose ps`, which read it and only ask the daemon. */
    private static final String COMPOSE_FILE = """
            services:
              web:
                image: busybox
                command: ["httpd", "-f", "-p", "80"]
                ports: ["127.0.0.1:18080:80"]
                environment: {GREETING: "${GREETING:-hello}"}
                depends_on: [kv]
              kv:
                image: busybox
                volumes: ["kvdata:/data"]
            volumes:
              kvdata: {}
            """;

    /** Runs every command line; failures (no daemon, usage errors) are part of the training. */
    static void train(Map<String, String> environment) {
        Prewarm.warm();
        List<List<String>> lines = new ArrayList<>(COMMAND_LINES);
        Path composeDir = null;
        try {
            composeDir = Files.createTempDirectory("berth-aot-training");
            Path file = Files.writeString(composeDir.resolve("compose.yml"), COMPOSE_FILE);
            for (String command : List.of("config", "ps")) {
                lines.add(List.of("compose", "-f", file.toString(), "-p", "berth-aot-training", command));
            }
        } catch (IOException e) {
            // no compose lines then
        }
        for (List<String> line : lines) {
            Io io = Io.of(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            try {
                BerthMain.run(line.toArray(String[]::new), io, environment);
            } catch (RuntimeException e) {
                // a failing command still trained what it loaded; the next one runs regardless
            }
        }
        if (composeDir != null) {
            try {
                Files.deleteIfExists(composeDir.resolve("compose.yml"));
                Files.deleteIfExists(composeDir);
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }
}
