package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.GoTemplate;
import dev.berth.cli.format.JsonText;
import dev.berth.cli.format.TemplateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth inspect}: the daemon's JSON for each name, tried as a container, then an image,
 * a network and a volume, as docker does; a JSON array indented by 4 spaces, or -f's template
 * for each object.
 */
@Command(name = "inspect", description = "Return low-level information on Docker objects")
public class InspectCommand extends EngineCommand {

    /** An object kind and where its JSON lives. */
    enum Kind {
        CONTAINER("container", "/containers/%s/json"),
        IMAGE("image", "/images/%s/json"),
        NETWORK("network", "/networks/%s"),
        VOLUME("volume", "/volumes/%s");

        final String name;
        final String path;

        Kind(String name, String path) {
            this.name = name;
            this.path = path;
        }
    }

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
    boolean size;

    @Option(names = "--type", description = "Return JSON for specified type")
    String type;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names = new ArrayList<>();

    /** The kinds this command looks names up as, in order. */
    protected List<Kind> kinds() {
        if (type == null || type.isEmpty()) {
            return List.of(Kind.CONTAINER, Kind.IMAGE, Kind.NETWORK, Kind.VOLUME);
        }
        for (Kind kind : Kind.values()) {
            if (kind.name.equals(type)) {
                return List.of(kind);
            }
        }
        throw new IllegalArgumentException("\"" + type + "\" is not a valid value for --type");
    }

    @Override
    protected int execute() throws Exception {
        GoTemplate template = null;
        if (format != null && !format.isEmpty() && !format.equals("json")) {
            try {
                template = GoTemplate.parse(format);
            } catch (TemplateException e) {
                throw new CommandFailure(1, "template parsing error: " + e.getMessage());
            }
        }
        List<Kind> kinds = kinds();
        List<Object> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            Object object = lookup(name, kinds, errors);
            if (object != null) {
                found.add(object);
            }
        }
        if (template == null) {
            io().out().println(JsonText.indented(found, "    "));
        } else {
            for (Object object : found) {
                try {
                    io().out().println(template.execute(object, true));
                } catch (TemplateException e) {
                    io().out().println();
                    throw new CommandFailure(1, "template parsing error: " + e.getMessage());
                }
            }
        }
        io().out().flush();
        if (!errors.isEmpty()) {
            errors.forEach(io().err()::println);
            return 1;
        }
        return 0;
    }

    private Object lookup(String name, List<Kind> kinds, List<String> errors) throws IOException, ApiException {
        if (name.isEmpty()) {
            errors.add("Error: No such object: " + name);
            return null;
        }
        for (Kind kind : kinds) {
            String path = String.format(kind.path, name);
            Query query = kind == Kind.CONTAINER ? Query.of().flag("size", size) : Query.of();
            try {
                JsonNode node = client().get(path, query);
                return Json.plain(node);
            } catch (ApiException e) {
                if (!e.notFound()) {
                    throw e;
                }
                if (kinds.size() == 1) {
                    errors.add("Error: No such " + kind.name + ": " + name);
                    return null;
                }
            }
        }
        errors.add("Error: No such object: " + name);
        return null;
    }
}
