package dev.berth.cli.testing;

import dev.berth.cli.command.CommandTree;
import dev.berth.cli.io.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs berth command lines against a FakeDaemon with captured streams and a chosen terminal. */
public final class CliHarness implements AutoCloseable {
    public final FakeDaemon daemon;
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    public final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeTerminal terminal = FakeTerminal.none();
    private final Map<String, String> environment = new java.util.HashMap<>();

    public CliHarness(Path dir) throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"));
    }

    /** An environment variable the commands see besides DOCKER_HOST (DOCKER_CONFIG, HOME...). */
    public CliHarness env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public CliHarness terminal(FakeTerminal fake) {
        this.terminal = fake;
        return this;
    }

    public int run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    public int run(InputStream stdin, String... args) {
        Io io = Io.of(stdin, out, err);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("DOCKER_HOST", daemon.address());
        int code = CommandTree.forArguments(io, env, () -> terminal, args).execute(args);
        io.flush();
        return code;
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public void reset() {
        out.reset();
        err.reset();
    }

    public static String decode(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        daemon.close();
    }
}
