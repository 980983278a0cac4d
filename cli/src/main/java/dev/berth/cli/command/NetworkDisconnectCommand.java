package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network disconnect}: POST /networks/{id}/disconnect {Container, Force}; prints nothing. */
@Command(name = "disconnect", description = "Disconnect a container from a network", customSynopsis = "[OPTIONS] NETWORK CONTAINER")
public final class NetworkDisconnectCommand extends EngineCommand {
    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
    boolean force;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", container);
        body.put("Force", force);
        client().post("/networks/" + network + "/disconnect", Query.of(), body);
        return 0;
    }
}
