package dev.berth.cli.compose.command;

import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth compose build}: builds each service that has a build, through berth build. */
@Command(name = "build", description = "Build or rebuild services")
final class ComposeBuild extends ComposeSubcommand {
    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() {
        ImagePreparer images = new ImagePreparer(this);
        for (Service service : selected(services, false)) {
            if (service.build() != null) {
                images.build(service);
            }
        }
        return 0;
    }
}
