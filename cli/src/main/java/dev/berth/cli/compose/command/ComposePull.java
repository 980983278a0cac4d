package dev.berth.cli.compose.command;

import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose pull}: pulls each service's image (services that only build are skipped). */
@Command(name = "pull", description = "Pull service images")
final class ComposePull extends ComposeSubcommand {
    @Option(names = {"-q", "--quiet"}, description = "Pull without printing progress information")
    boolean quiet;

    @Option(names = "--ignore-pull-failures", description = "Pull what it can and ignores images with pull failures")
    boolean ignoreFailures;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() {
        int status = 0;
        for (Service service : selected(services, false)) {
            if (service.image() == null || service.image().isEmpty()) {
                continue;
            }
            int result = quiet ? session().runCommand("pull", "-q", service.image()) : session().runCommand("pull", service.image());
            if (result != 0 && !ignoreFailures) {
                status = result;
            }
        }
        return status;
    }
}
