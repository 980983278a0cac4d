package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code berth image inspect}: images only. */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends InspectCommand {
    @Override
    protected List<Kind> kinds() {
        return List.of(Kind.IMAGE);
    }
}
