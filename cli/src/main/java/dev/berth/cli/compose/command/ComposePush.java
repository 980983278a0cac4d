package dev.berth.cli.compose.command;

import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose push}: pushes the image of each service that builds one and names it. */
@Command(name = "push", description = "Push service images")
final class ComposePush extends ComposeSubcommand {
    @Option(names = "--ignore-push-failures", description = "Push what it can and ignores images with push failures")
    boolean ignoreFailures;

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() {
        int status = 0;
        for (Service service : selected(services, false)) {
            // as compose: only services with both a build and an image name have something of their own to push
            if (service.build() == null || service.image() == null || service.image().isEmpty()) {
                continue;
            }
            int result = session().runCommand("push", service.image());
            if (result != 0 && !ignoreFailures) {
                status = result;
            }
        }
        return status;
    }
}
