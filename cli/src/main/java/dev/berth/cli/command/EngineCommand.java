package dev.berth.cli.command;

import dev.berth.cli.api.EngineClient;
import dev.berth.cli.io.Io;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A command that talks to the daemon; {@link CommandTree} gives it the session. */
// no @Command methods in any command: picocli need not look for them in every subclass
@Command(addMethodSubcommands = false)
public abstract class EngineCommand implements Callable<Integer> {
    Session session;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    protected Session session() {
        return session;
    }

    protected EngineClient client() {
        return session.client();
    }

    protected Io io() {
        return session.io();
    }

    @Override
    public final Integer call() throws Exception {
        return execute();
    }

    /** @return the exit status */
    protected abstract int execute() throws Exception;
}
