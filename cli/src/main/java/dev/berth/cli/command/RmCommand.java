package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth rm}: DELETE /containers/{id}. */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand extends PerContainerCommand {

    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Option(names = {"-l", "--link"}, description = "Remove the specified link")
    boolean link;

    @Override
    protected String apply(String container) throws Exception {
        client().delete("/containers/" + container, Query.of().flag("force", force).flag("v", volumes).flag("link", link));
        return container;
    }
}
