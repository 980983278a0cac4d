package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import dev.berth.cli.attach.AttachedStreams;
import dev.berth.cli.attach.DetachKeys;
import dev.berth.cli.attach.SignalProxy;
import dev.berth.cli.attach.TtyResizer;
import dev.berth.cli.http.HijackedConnection;
import dev.berth.cli.http.HttpExchange;
import dev.berth.cli.http.HttpResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth attach}: docker's flow — put a wait on the wire, check the container runs,
 * attach, and copy the streams until the output ends; then exit with the container's status.
 * The detach keys end it with "read escape sequence" and status 1, as docker's attach does.
 */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container",
        customSynopsis = "[OPTIONS] CONTAINER")
public final class AttachCommand extends EngineCommand {

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Proxy all received signals to the process (default true)")
    boolean sigProxy = true;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        HttpExchange wait = client().begin(client().request("POST", "/containers/" + container + "/wait", Query.of()));
        CompletableFuture<HttpResponse> waitResponse = AttachedRun.awaitHeaders(wait);
        try {
            return attach(waitResponse);
        } finally {
            wait.cancel();
        }
    }

    private int attach(CompletableFuture<HttpResponse> waitResponse) throws Exception {
        JsonNode info = runningContainer();
        String id = info.path("Id").asText(container);
        boolean tty = info.path("Config").path("Tty").asBoolean(false);
        if (!noStdin && tty && !session().terminal().stdinIsTerminal()) {
            throw new CommandFailure(1, "the input device is not a TTY");
        }
        boolean stdin = !noStdin && info.path("Config").path("OpenStdin").asBoolean(false);
        Query query = Query.of().add("stream", "1").flag("stdin", stdin).add("stdout", "1").add("stderr", "1")
                .addIfPresent("detachKeys", detachKeys);
        boolean detached;
        try (SignalProxy proxy = sigProxy && !tty ? SignalProxy.start(client(), id) : null;
             HijackedConnection connection = client().hijack("/containers/" + container + "/attach", query)) {
            // the container may have stopped between the inspect and the attach
            runningContainer();
            try (TtyResizer resizer = tty && session().terminal().stdoutIsTerminal()
                    ? TtyResizer.forContainer(client(), id, session().terminal(), io().err()).bumpThenMonitor() : null) {
                io().out().flush();
                detached = new AttachedStreams(connection, tty, stdin ? io().stdin() : null, io().rawOut(), io().rawErr(),
                        DetachKeys.orDefault(detachKeys), session().terminal()).stream();
            }
        }
        if (detached) {
            throw new CommandFailure(1, "read escape sequence");
        }
        AttachedRun.WaitResult result = AttachedRun.waitResult(waitResponse);
        if (!result.error().isEmpty()) {
            throw new CommandFailure(1, result.error());
        }
        return result.statusCode();
    }

    private JsonNode runningContainer() throws IOException, ApiException {
        JsonNode info = client().get("/containers/" + container + "/json", Query.of());
        JsonNode state = info.path("State");
        if (!state.path("Running").asBoolean(false)) {
            throw new CommandFailure(1, "You cannot attach to a stopped container, start it first");
        }
        if (state.path("Paused").asBoolean(false)) {
            throw new CommandFailure(1, "You cannot attach to a paused container, unpause it first");
        }
        if (state.path("Restarting").asBoolean(false)) {
            throw new CommandFailure(1, "You cannot attach to a restarting container, wait until it is running");
        }
        return info;
    }
}
