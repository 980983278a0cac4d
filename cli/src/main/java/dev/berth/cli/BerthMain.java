package dev.berth.cli;

import dev.berth.cli.command.CommandTree;
import dev.berth.cli.io.Io;
import dev.berth.cli.terminal.Terminal;
import java.util.Map;

/** Entry point of the {@code berth} command. */
public final class BerthMain {

    static {
        // picocli's factory otherwise looks for Groovy's Closure class, searching every jar of the class path
        System.setProperty("picocli.disable.closures", "true");
    }

    private BerthMain() {
    }

    public static void main(String[] args) {
        if (CommandTree.talksToEngine(args)) {
            Prewarm.start();
        }
        Io io = Io.system();
        int code = run(args, io, System.getenv());
        io.flush();
        // stdin copiers may still be blocked reading the terminal: leave without waiting for them
        System.exit(code);
    }

    /** Runs one command line and returns its exit status (docker's: 0, 1, 125, 126, 127 or the container's). */
    public static int run(String[] args, Io io, Map<String, String> environment) {
        int code = CommandTree.forArguments(io, environment, Terminal::system, args).execute(args);
        io.flush();
        return code;
    }
}
