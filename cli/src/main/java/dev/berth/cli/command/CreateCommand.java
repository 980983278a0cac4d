package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth create}: create a container and print its id. */
@Command(name = "create", description = "Create a new container",
        customSynopsis = "[OPTIONS] IMAGE [COMMAND] [ARG...]")
public final class CreateCommand extends ContainerSpecCommand {

    @Override
    protected boolean detached() {
        return true;
    }

    @Override
    protected String qualifiedName() {
        return "berth create";
    }

    @Override
    protected int execute() throws Exception {
        io().out().println(createContainer());
        return 0;
    }
}
