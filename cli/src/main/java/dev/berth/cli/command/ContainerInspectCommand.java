package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code berth container inspect}: containers only. */
@Command(name = "inspect", description = "Display detailed information on one or more containers")
public final class ContainerInspectCommand extends InspectCommand {
    @Override
    protected List<Kind> kinds() {
        return List.of(Kind.CONTAINER);
    }
}
