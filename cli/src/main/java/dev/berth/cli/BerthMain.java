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
        // NIO otherwise looks for a selector provider service in every jar of the class path (~10 ms of
        // CPU, opening twelve jars nothing else opens); Linux's own is what that search ends with
        if (System.getProperty("java.nio.channels.spi.SelectorProvider") == null && "Linux".equals(System.getProperty("os.name"))) {
            System.setProperty("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
        }
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
        System.out.flush();
        System.err.flush();
        // halt, not exit: everything is written and the terminal is restored by now (the hooks that
        // remain are for signals), and exit's shutdown would first look up a System.Logger to log
        // the exit, a service-loader scan of every jar (~6 ms). Stdin copiers may still be blocked
        // reading the terminal: leave without waiting for them.
        Runtime.getRuntime().halt(code);
    }

    /** Runs one command line and returns its exit status (docker's: 0, 1, 125, 126, 127 or the container's). */
    public static int run(String[] args, Io io, Map<String, String> environment) {
        int code = CommandTree.forArguments(io, environment, Terminal::system, args).execute(args);
        io.flush();
        return code;
    }
}
