package dev.berth.cli.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.stats.StatsCollector;
import dev.berth.cli.stats.StatsTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: one stats stream per container (the ones named, or all running ones —
 * all with -a — kept current through container events), redrawn every half second like
 * docker's, or printed once with --no-stream.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics",
        customSynopsis = "[OPTIONS] [CONTAINER...]")
public final class StatsCommand extends EngineCommand {
    private static final long REFRESH_MILLIS = 500;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.")
    String format;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    private final List<StatsCollector> collectors = new CopyOnWriteArrayList<>();
    private volatile Exception eventsFailure;
    private volatile boolean eventsEnded;

    @Override
    protected int execute() throws Exception {
        StatsTable table = new StatsTable(format, !noTrunc);
        boolean showAll = containers.isEmpty();
        try {
            if (showAll) {
                followContainerEvents();
                for (JsonNode container : client().get("/containers/json", Query.of().flag("all", all))) {
                    add(shortId(container.path("Id").asText("")));
                }
                for (StatsCollector collector : collectors) {
                    collector.awaitFirst();
                }
            } else {
                containers.forEach(this::add);
                List<String> errors = new ArrayList<>();
                for (StatsCollector collector : collectors) {
                    collector.awaitFirst();
                    if (collector.error() != null) {
                        errors.add(message(collector.error()));
                    }
                }
                if (!errors.isEmpty()) {
                    throw new CommandFailure(1, String.join("\n", errors));
                }
            }
            return render(table, showAll);
        } finally {
            collectors.forEach(StatsCollector::close);
        }
    }

    private int render(StatsTable table, boolean showAll) throws Exception {
        if (noStream) {
            io().out().print(table.render(snapshots()));
            io().out().flush();
            return 0;
        }
        while (true) {
            try {
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException e) {
                return 0;
            }
            io().out().print(StatsTable.frame(table.render(snapshots())));
            io().out().flush();
            if (collectors.isEmpty() && !showAll) {
                return 0;
            }
            if (eventsFailure != null) {
                throw eventsFailure;
            }
            if (eventsEnded) {
                return 0;
            }
        }
    }

    private List<StatsCollector.Snapshot> snapshots() {
        List<StatsCollector.Snapshot> snapshots = new ArrayList<>();
        collectors.forEach(c -> snapshots.add(c.snapshot()));
        return snapshots;
    }

    private synchronized void add(String container) {
        if (collectors.stream().noneMatch(c -> c.container().equals(container))) {
            collectors.add(new StatsCollector(container, client(), !noStream, session().clock()).start());
        }
    }

    private synchronized void remove(String container) {
        collectors.removeIf(c -> {
            if (c.container().equals(container)) {
                c.close();
                return true;
            }
            return false;
        });
    }

    /**
     * Subscribes to container events before listing, so that no container started meanwhile is
     * missed: start (and create with -a) adds a container, die removes it unless -a.
     */
    private void followContainerEvents() throws IOException, ApiException {
        HttpResponse events = client().send(client().request("GET", "/events",
                Query.of().add("filters", Filters.json(Map.of("type", List.of("container"))))));
        Thread thread = new Thread(() -> {
            try (events; JsonParser parser = Json.mapper().createParser(events.body())) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode event = Json.mapper().readTree(parser);
                    String id = shortId(event.path("Actor").path("ID").asText(event.path("id").asText("")));
                    switch (event.path("Action").asText(event.path("status").asText(""))) {
                        case "start" -> add(id);
                        case "create" -> {
                            if (all) {
                                add(id);
                            }
                        }
                        case "die" -> {
                            if (!all) {
                                remove(id);
                            }
                        }
                        default -> { }
                    }
                }
                eventsEnded = true;
            } catch (IOException e) {
                eventsEnded = true;
            } catch (RuntimeException e) {
                eventsFailure = e;
            }
        }, "stats-events");
        thread.setDaemon(true);
        thread.start();
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String message(Exception e) {
        return e instanceof ApiException api ? api.display() : e.getMessage();
    }
}
