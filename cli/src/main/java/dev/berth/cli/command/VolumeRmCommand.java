package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume rm [-f] VOLUME...}: DELETE /volumes/{name}[?force=1] for each; the names removed, errors one by one. */
@Command(name = "rm", description = "Remove one or more volumes",
        customSynopsis = "[OPTIONS] VOLUME [VOLUME...]")
public final class VolumeRmCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> volumes = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        boolean failed = false;
        for (String volume : volumes) {
            try {
                client().delete("/volumes/" + volume, Query.of().flag("force", force));
                io().out().println(volume);
                io().out().flush();
            } catch (ApiException e) {
                io().err().println(e.display());
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }
}
