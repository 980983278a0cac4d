package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code berth volume inspect [-f FORMAT] VOLUME...}: GET /volumes/{name} for each. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes")
public final class VolumeInspectCommand extends InspectCommand {
    @Override
    protected List<Kind> kinds() {
        return List.of(Kind.VOLUME);
    }
}
