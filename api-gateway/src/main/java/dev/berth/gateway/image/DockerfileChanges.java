package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies the Dockerfile instructions that {@code docker import --change} and {@code docker commit --change}
 * accept (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL, ONBUILD) to an OCI image
 * config's "config" object, as moby's dispatchers do: an ENTRYPOINT not preceded by a CMD in the same
 * changes drops the config's Cmd; ONBUILD appends its trigger to OnBuild.
 */
public final class DockerfileChanges {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerfileChanges() {}

    /** Applies every change in order; a change that is not one of the above is a 400, before anything is stored. */
    public static void apply(ObjectNode config, List<String> changes) {
        boolean cmdSet = false;
        for (String change : changes) {
            if (change == null || change.isBlank()) {
                continue;
            }
            String trimmed = change.strip();
            int space = indexOfWhitespace(trimmed);
            String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
            String rest = space < 0 ? "" : trimmed.substring(space).strip();
            switch (instruction) {
                case "CMD" -> {
                    config.set("Cmd", command(rest));
                    cmdSet = true;
                }
                case "ENTRYPOINT" -> {
                    config.set("Entrypoint", command(rest));
                    if (!cmdSet && config.has("Cmd")) {
                        config.putNull("Cmd");
                    }
                }
                case "ONBUILD" -> {
                    String trigger = required(instruction, rest);
                    String triggerInstruction = words(trigger).getFirst().toUpperCase(Locale.ROOT);
                    if (triggerInstruction.equals("ONBUILD")) {
                        throw DockerApiException.badRequest("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    }
                    if (triggerInstruction.equals("MAINTAINER") || triggerInstruction.equals("FROM")) {
                        throw DockerApiException.badRequest(triggerInstruction + " isn't allowed as an ONBUILD trigger");
                    }
                    ArrayNode onBuild = config.has("OnBuild") && config.get("OnBuild").isArray()
                            ? (ArrayNode) config.get("OnBuild") : config.putArray("OnBuild");
                    onBuild.add(trigger);
                }
                case "ENV" -> env(config, rest);
                case "WORKDIR" -> config.put("WorkingDir", workdir(config.path("WorkingDir").asText(""), rest));
                case "USER" -> config.put("User", required(instruction, rest));
                case "STOPSIGNAL" -> config.put("StopSignal", required(instruction, rest));
                case "LABEL" -> {
                    ObjectNode labels = objectField(config, "Labels");
                    for (String[] pair : pairs(instruction, rest, false)) {
                        labels.put(pair[0], pair[1]);
                    }
                }
                case "EXPOSE" -> {
                    ObjectNode ports = objectField(config, "ExposedPorts");
                    for (String port : words(required(instruction, rest))) {
                        ports.putObject(port.contains("/") ? port.toLowerCase(Locale.ROOT) : port + "/tcp");
                    }
                }
                case "VOLUME" -> {
                    ObjectNode volumes = objectField(config, "Volumes");
                    List<String> paths = rest.startsWith("[") ? jsonArray(rest).orElse(words(rest)) : words(rest);
                    if (paths.isEmpty()) {
                        throw DockerApiException.badRequest("VOLUME requires at least one argument");
                    }
                    paths.forEach(volumes::putObject);
                }
                default -> throw DockerApiException.badRequest(instruction + " is not a valid change command");
            }
        }
    }

    /** JSON form as given; shell form runs through /bin/sh -c, as Docker does. */
    private static ArrayNode command(String rest) {
        ArrayNode array = MAPPER.createArrayNode();
        List<String> json = rest.startsWith("[") ? jsonArray(rest).orElse(null) : null;
        if (json != null) {
            json.forEach(array::add);
        } else if (!rest.isEmpty()) {
            array.add("/bin/sh").add("-c").add(rest);
        }
        return array;
    }

    private static java.util.Optional<List<String>> jsonArray(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (!node.isArray()) {
                return java.util.Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    return java.util.Optional.empty();
                }
                values.add(element.asText());
            }
            return java.util.Optional.of(values);
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private static void env(ObjectNode config, String rest) {
        ArrayNode env = config.has("Env") && config.get("Env").isArray() ? (ArrayNode) config.get("Env") : config.putArray("Env");
        for (String[] pair : pairs("ENV", rest, true)) {
            String entry = pair[0] + "=" + pair[1];
            boolean replaced = false;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).asText().startsWith(pair[0] + "=")) {
                    env.set(i, env.textNode(entry));
                    replaced = true;
                }
            }
            if (!replaced) {
                env.add(entry);
            }
        }
    }

    /** KEY=VALUE pairs (quotes allowed); with {@code legacy}, also Docker's old "KEY VALUE" form. */
    private static List<String[]> pairs(String instruction, String rest, boolean legacy) {
        required(instruction, rest);
        List<String> words = words(rest);
        List<String[]> pairs = new ArrayList<>();
        if (!words.getFirst().contains("=")) {
            if (!legacy) {
                throw DockerApiException.badRequest(instruction + " names can not be blank: " + rest);
            }
            int space = indexOfWhitespace(rest);
            if (space < 0) {
                throw DockerApiException.badRequest(instruction + " must have two arguments");
            }
            pairs.add(new String[] {rest.substring(0, space), rest.substring(space).strip()});
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw DockerApiException.badRequest("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            pairs.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
        }
        return pairs;
    }

    /** Splits on whitespace outside quotes, removing the quotes and honouring backslash escapes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw DockerApiException.badRequest("unterminated quote in: " + text);
        }
        if (inWord) {
            words.add(current.toString());
        }
        return words;
    }

    private static String workdir(String current, String rest) {
        String dir = required("WORKDIR", rest);
        if (dir.startsWith("/") || current.isEmpty()) {
            return dir.startsWith("/") ? dir : "/" + dir;
        }
        return current.endsWith("/") ? current + dir : current + "/" + dir;
    }

    private static String required(String instruction, String rest) {
        if (rest.isEmpty()) {
            throw DockerApiException.badRequest(instruction + " requires at least one argument");
        }
        return rest;
    }

    private static ObjectNode objectField(ObjectNode config, String name) {
        return config.has(name) && config.get(name).isObject() ? (ObjectNode) config.get(name) : config.putObject(name);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
