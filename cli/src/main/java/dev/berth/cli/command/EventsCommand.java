package dev.berth.cli.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.GoTemplate;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.http.HttpResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth events}: GET /events (streamed until --until or the user stops it), one line per
 * event as docker prints it — "2026-11-29T21:00:00.000000000Z container start <id> (image=busybox, name=x)" —
 * or through --format, a template on docker's events.Message.
 */
@Command(name = "events", description = "Get real time events from the server", customSynopsis = "[OPTIONS]")
public final class EventsCommand extends EngineCommand {
    private static final DateTimeFormatter RFC3339_NANO_FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.")
    String format;

    @Option(names = "--since", paramLabel = "string", description = "Show all events created since timestamp")
    String since;

    @Option(names = "--until", paramLabel = "string", description = "Stream events until this timestamp")
    String until;

    @Override
    protected int execute() throws Exception {
        GoTemplate template = template();
        Instant now = session().clock().instant();
        Query query = Query.of().addIfPresent("since", Timestamps.parse(since, now)).addIfPresent("until", Timestamps.parse(until, now))
                .addIfPresent("filters", Filters.json(Filters.parse(filters)));
        PrintStream out = io().out();
        try (HttpResponse response = client().send(client().request("GET", "/events", query));
             JsonParser parser = Json.mapper().createParser(response.body())) {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode event = Json.mapper().readTree(parser);
                out.println(template == null ? line(event) : template.execute(row(event)));
                out.flush();
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) {
                return 0;
            }
            throw e;
        }
        return 0;
    }

    /** The --format template, checked on an empty event first as docker does (status 64 when bad). */
    private GoTemplate template() {
        if (format == null || format.isEmpty()) {
            return null;
        }
        try {
            GoTemplate template = GoTemplate.parse(format.equals("json") ? "{{json .}}" : format);
            template.execute(row(Json.mapper().createObjectNode()));
            return template;
        } catch (TemplateException e) {
            throw new CommandFailure(64, "Error parsing format: " + e.getMessage());
        }
    }

    /** docker's prettyPrintEvent. */
    static String line(JsonNode event) {
        StringBuilder line = new StringBuilder();
        long timeNano = event.path("timeNano").asLong(0);
        long time = event.path("time").asLong(0);
        if (timeNano != 0) {
            line.append(timestamp(Instant.ofEpochSecond(0, timeNano))).append(' ');
        } else if (time != 0) {
            line.append(timestamp(Instant.ofEpochSecond(time))).append(' ');
        }
        JsonNode actor = event.path("Actor");
        line.append(event.path("Type").asText("")).append(' ').append(event.path("Action").asText("")).append(' ')
                .append(actor.path("ID").asText(""));
        Map<String, String> attributes = attributes(actor);
        if (!attributes.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            attributes.forEach((k, v) -> pairs.add(k + "=" + v));
            line.append(" (").append(String.join(", ", pairs)).append(')');
        }
        return line.toString();
    }

    private static String timestamp(Instant instant) {
        return RFC3339_NANO_FIXED.format(instant.atZone(ZoneId.systemDefault()));
    }

    private static Map<String, String> attributes(JsonNode actor) {
        Map<String, String> attributes = new TreeMap<>();
        actor.path("Attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText("")));
        return attributes;
    }

    /** The event as docker's events.Message: Go field names for templates, JSON tags for {{json .}}. */
    static Row row(JsonNode event) {
        JsonNode actorNode = event.path("Actor");
        Map<String, Object> actorJson = new LinkedHashMap<>();
        actorJson.put("ID", actorNode.path("ID").asText(""));
        actorJson.put("Attributes", attributes(actorNode));
        Row actor = Row.of("events.Actor").put("ID", () -> actorJson.get("ID")).put("Attributes", () -> actorJson.get("Attributes"))
                .json(() -> actorJson);
        Map<String, Object> json = new LinkedHashMap<>();
        putIfPresent(json, "status", event.path("status").asText(""));
        putIfPresent(json, "id", event.path("id").asText(""));
        putIfPresent(json, "from", event.path("from").asText(""));
        json.put("Type", event.path("Type").asText(""));
        json.put("Action", event.path("Action").asText(""));
        json.put("Actor", actorJson);
        json.put("scope", event.path("scope").asText(""));
        json.put("time", event.path("time").asLong(0));
        json.put("timeNano", event.path("timeNano").asLong(0));
        return Row.of("*events.Message")
                .put("Status", () -> event.path("status").asText(""))
                .put("ID", () -> event.path("id").asText(""))
                .put("From", () -> event.path("from").asText(""))
                .put("Type", () -> json.get("Type"))
                .put("Action", () -> json.get("Action"))
                .put("Actor", () -> actor)
                .put("Scope", () -> json.get("scope"))
                .put("Time", () -> json.get("time"))
                .put("TimeNano", () -> json.get("timeNano"))
                .json(() -> json);
    }

    private static void putIfPresent(Map<String, Object> json, String key, String value) {
        if (!value.isEmpty()) {
            json.put(key, value);
        }
    }
}
