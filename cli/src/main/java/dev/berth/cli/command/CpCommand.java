package dev.berth.cli.command;

import dev.berth.cli.copy.CopyFromContainer;
import dev.berth.cli.copy.CopyToContainer;
import dev.berth.cli.copy.GoPath;
import dev.berth.cli.format.Humanize;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: files between a container and the local filesystem, either way, with docker
 * cp's rules for what lands where. "-" stands for a tar on stdin or stdout.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem",
        customSynopsis = {"[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-", "\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"},
        footer = {"Use '-' as the source to read a tar archive from stdin", "and extract it to a directory destination in a container.",
            "Use '-' as the destination to stream a tar archive of a", "container source to stdout."})
public final class CpCommand extends EngineCommand {

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", fallbackValue = "true",
            description = "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached")
    Boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String destination;

    /** CONTAINER:PATH, or a local path: absolute, or with "." first ("./file:name"), or without ":". */
    static String[] split(String arg) {
        if (arg.startsWith("/")) {
            return new String[] {"", arg};
        }
        int colon = arg.indexOf(':');
        if (colon < 0 || arg.startsWith(".")) {
            return new String[] {"", arg};
        }
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }

    @Override
    protected int execute() throws Exception {
        if (source.isEmpty()) {
            throw new CommandFailure(1, "source can not be empty");
        }
        if (destination.isEmpty()) {
            throw new CommandFailure(1, "destination can not be empty");
        }
        boolean silent = quiet != null ? quiet : !session().terminal().stdoutIsTerminal();
        String[] from = split(source);
        String[] to = split(destination);
        boolean fromContainer = !from[0].isEmpty();
        boolean toContainer = !to[0].isEmpty();
        if (fromContainer && toContainer) {
            throw new CommandFailure(1, "copying between containers is not supported");
        }
        if (!fromContainer && !toContainer) {
            throw new CommandFailure(1, "must specify at least one container source");
        }
        String cwd = System.getProperty("user.dir");
        try {
            if (fromContainer) {
                String target = to[1].equals("-") ? "-" : GoPath.absolute(to[1], cwd);
                long bytes = new CopyFromContainer(client(), from[0]).copy(from[1], target, followLink, io().rawOut());
                if (!silent && !target.equals("-")) {
                    io().err().println("Successfully copied " + Humanize.size(bytes) + " to " + target);
                }
            } else {
                String local = from[1].equals("-") ? "-" : GoPath.absolute(from[1], cwd);
                CopyToContainer.Result result = new CopyToContainer(client(), to[0]).copy(local, to[1], followLink, archive, io().stdin());
                if (!silent && !local.equals("-")) {
                    io().err().println("Successfully copied " + Humanize.size(result.bytes()) + " to " + to[0] + ":" + result.destination());
                }
            }
        } catch (IOException e) {
            if (e instanceof dev.berth.cli.api.DaemonUnavailableException) {
                throw e;
            }
            if (fromContainer && to[1].equals("-") && "Broken pipe".equals(e.getMessage())) {
                // stdout's reader went away (`| head`, `| grep -q`): docker's CLI dies of SIGPIPE, silently
                throw new CommandFailure(128 + 13, "");
            }
            throw new CommandFailure(1, e.getMessage());
        }
        return 0;
    }
}
