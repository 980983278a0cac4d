package dev.berth.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top-level {@code berth} command: global options, then a subcommand. */
// the version provider is set by CommandTree: named here, picocli would create it through its DefaultFactory
@Command(name = "berth", addMethodSubcommands = false,
        description = "A self-sufficient runtime for containers (Berth's docker-compatible CLI)",
        synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n")
public final class BerthCommand implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, paramLabel = "list", description = "Daemon socket to connect to (default unix:///run/berth/berth.sock, or $DOCKER_HOST)")
    String host;

    @Option(names = {"-D", "--debug"}, description = "Print stack traces of errors")
    boolean debug;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print version information and quit")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Berth version " + Version.current()};
        }
    }
}
