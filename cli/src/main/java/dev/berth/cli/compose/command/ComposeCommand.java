package dev.berth.cli.compose.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.berth.cli.command.ManagementCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose}: Berth's own Compose, client-side as Docker's compose v2 is. */
@Command(name = "compose", description = "Define and run multi-container applications",
        subcommands = {ComposeUp.class, ComposeDown.class, ComposePs.class, ComposeLogs.class, ComposeConfig.class,
                ComposeBuild.class, ComposePull.class, ComposePush.class, ComposeStart.class, ComposeStop.class,
                ComposeRestart.class, ComposeRm.class, ComposeExec.class, ComposeRun.class, ComposeTop.class,
                ComposeCreate.class})
public final class ComposeCommand extends ManagementCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "stringArray", description = "Compose configuration files")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "string", description = "Project name")
    String projectName;

    @Option(names = "--project-directory", paramLabel = "string",
            description = "Specify an alternate working directory (default: the path of the, first specified, Compose file)")
    Path projectDirectory;

    @Option(names = "--env-file", paramLabel = "stringArray", description = "Specify an alternate environment file")
    Path envFile;
}
