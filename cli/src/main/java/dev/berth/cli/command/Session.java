package dev.berth.cli.command;

import dev.berth.cli.api.EngineClient;
import dev.berth.cli.http.EngineEndpoint;
import dev.berth.cli.http.SocketHttpClient;
import dev.berth.cli.io.Io;
import dev.berth.cli.terminal.Terminal;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/** What every command shares: standard streams, environment, clock and the daemon client. */
public final class Session {
    private final Io io;
    private final Map<String, String> environment;
    private final Supplier<String> hostOption;
    private final Clock clock;
    private final Supplier<Terminal> terminalFactory;
    private EngineClient client;
    private Terminal terminal;

    Session(Io io, Map<String, String> environment, Supplier<String> hostOption, Clock clock, Supplier<Terminal> terminalFactory) {
        this.io = io;
        this.environment = environment;
        this.hostOption = hostOption;
        this.clock = clock;
        this.terminalFactory = terminalFactory;
    }

    /** The user's terminal, looked at only by the commands that need it. */
    public synchronized Terminal terminal() {
        if (terminal == null) {
            terminal = terminalFactory.get();
        }
        return terminal;
    }

    public Io io() {
        return io;
    }

    public Clock clock() {
        return clock;
    }

    public String env(String name) {
        return environment.get(name);
    }

    /** -H wins over DOCKER_HOST, which wins over Berth's default socket. */
    public String hostAddress() {
        String host = hostOption.get();
        if (host == null || host.isEmpty()) {
            host = environment.get("DOCKER_HOST");
        }
        return host == null || host.isEmpty() ? EngineEndpoint.DEFAULT_HOST : host;
    }

    /**
     * Runs another berth command line with this session's streams, environment and daemon
     * (compose's build, pull, exec and run reuse those commands whole).
     */
    public int runCommand(String... args) {
        String[] withHost = new String[args.length + 2];
        withHost[0] = "-H";
        withHost[1] = hostAddress();
        System.arraycopy(args, 0, withHost, 2, args.length);
        return CommandTree.forArguments(io, environment, terminalFactory, withHost).execute(withHost);
    }

    public EngineClient client() {
        if (client == null) {
            EngineEndpoint endpoint;
            try {
                endpoint = EngineEndpoint.parse(hostAddress());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(1, e.getMessage());
            }
            client = new EngineClient(new SocketHttpClient(endpoint, "Berth-Client/" + Version.current() + " (linux)"));
        }
        return client;
    }
}
