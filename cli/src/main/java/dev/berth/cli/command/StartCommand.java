package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth start}: start containers; with -a, attach and exit with the container's status. */
@Command(name = "start", description = "Start one or more stopped containers",
        customSynopsis = "[OPTIONS] CONTAINER [CONTAINER...]")
public final class StartCommand extends EngineCommand {

    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw new CommandFailure(1, "you cannot start and attach multiple containers at once");
            }
            return startAttached(containers.getFirst());
        }
        List<String> failed = new ArrayList<>();
        for (String container : containers) {
            try {
                client().post("/containers/" + container + "/start", Query.of(), null);
                io().out().println(container);
            } catch (ApiException e) {
                io().err().println(e.display());
                failed.add(container);
            }
        }
        if (!failed.isEmpty()) {
            throw new CommandFailure(1, "Error: failed to start containers: " + String.join(", ", failed));
        }
        return 0;
    }

    private int startAttached(String container) throws Exception {
        JsonNode info = client().get("/containers/" + container + "/json", Query.of());
        String id = info.path("Id").asText(container);
        boolean tty = info.path("Config").path("Tty").asBoolean(false);
        boolean stdin = interactive && info.path("Config").path("OpenStdin").asBoolean(false);
        boolean autoRemove = info.path("HostConfig").path("AutoRemove").asBoolean(false);
        if (interactive && tty && !session().terminal().stdinIsTerminal()) {
            throw new CommandFailure(1, "the input device is not a TTY");
        }
        try {
            return new AttachedRun(session(), id, stdin, tty, autoRemove).detachKeys(detachKeys).proxySignals(!tty).run();
        } catch (AttachedRun.StartFailed e) {
            throw new CommandFailure(1, "Error response from daemon: " + e.getMessage());
        }
    }
}
