package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.io.StreamDemultiplexer;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs}: the container's output, demultiplexed unless it runs with a TTY. */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand extends EngineCommand {

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = {"-n", "--tail"}, defaultValue = "all", paramLabel = "string", description = "Number of lines to show from the end of the logs (default \"all\")")
    String tail;

    @Option(names = "--since", paramLabel = "string", description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String since;

    @Option(names = "--until", paramLabel = "string", description = "Show logs before a timestamp or relative")
    String until;

    @Option(names = "--details", description = "Show extra details provided to logs")
    boolean details;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        // as docker does: the container's TTY setting decides whether the stream is multiplexed
        JsonNode info = client().get("/containers/" + container + "/json", Query.of());
        boolean tty = info.path("Config").path("Tty").asBoolean(false);
        Query query = Query.of().add("stdout", "1").add("stderr", "1")
                .flag("follow", follow).flag("timestamps", timestamps).flag("details", details)
                .addIfPresent("since", Timestamps.parse(since, session().clock().instant()))
                .addIfPresent("until", Timestamps.parse(until, session().clock().instant()))
                .add("tail", tail);
        try (HttpResponse response = client().send(client().request("GET", "/containers/" + container + "/logs", query))) {
            if (tty) {
                StreamDemultiplexer.copyRaw(response.body(), io().rawOut());
            } else {
                StreamDemultiplexer.copy(response.body(), io().rawOut(), io().rawErr());
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) {
                return 0;
            }
            throw e;
        }
        return 0;
    }
}
