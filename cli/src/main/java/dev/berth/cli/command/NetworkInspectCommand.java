package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code berth network inspect}: GET /networks/{id} for each name, -f as inspect's. */
@Command(name = "inspect", description = "Display detailed information on one or more networks")
public final class NetworkInspectCommand extends InspectCommand {
    @Override
    protected List<Kind> kinds() {
        return List.of(Kind.NETWORK);
    }
}
