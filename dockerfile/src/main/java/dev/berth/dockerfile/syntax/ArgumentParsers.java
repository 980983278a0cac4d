package dev.berth.dockerfile.syntax;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * buildkit's per-instruction line parsers (line_parsers.go): how the text after the instruction
 * name becomes the argument list. No variable substitution happens here.
 */
final class ArgumentParsers {
    static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The arguments and whether they came from a JSON array. */
    record Parsed(List<String> args, boolean json, Node subCommand) {
        static Parsed of(List<String> args) {
            return new Parsed(args, false, null);
        }
    }

    @FunctionalInterface
    interface LineParser {
        Parsed parse(String rest, int escapeToken, SyntaxParser parser) throws SyntaxException;
    }

    private static final Map<String, LineParser> BY_COMMAND = Map.ofEntries(
            Map.entry("add", (r, e, p) -> maybeJsonToList(r)),
            Map.entry("arg", (r, e, p) -> Parsed.of(Words.split(r, e))),
            Map.entry("cmd", (r, e, p) -> maybeJson(r)),
            Map.entry("copy", (r, e, p) -> maybeJsonToList(r)),
            Map.entry("entrypoint", (r, e, p) -> maybeJson(r)),
            Map.entry("env", (r, e, p) -> nameValues(r, "ENV", e)),
            Map.entry("expose", (r, e, p) -> whitespaceDelimited(r)),
            Map.entry("from", (r, e, p) -> whitespaceDelimited(r)),
            Map.entry("healthcheck", (r, e, p) -> healthConfig(r)),
            Map.entry("label", (r, e, p) -> nameValues(r, "LABEL", e)),
            Map.entry("maintainer", (r, e, p) -> single(r)),
            Map.entry("onbuild", ArgumentParsers::subCommand),
            Map.entry("run", (r, e, p) -> maybeJson(r)),
            Map.entry("shell", (r, e, p) -> maybeJson(r)),
            Map.entry("stopsignal", (r, e, p) -> single(r)),
            Map.entry("user", (r, e, p) -> single(r)),
            Map.entry("volume", (r, e, p) -> maybeJsonToList(r)),
            Map.entry("workdir", (r, e, p) -> single(r)));

    private ArgumentParsers() {}

    /** Unknown instructions parse with an empty argument, as buildkit's parseIgnore does. */
    static LineParser forCommand(String command) {
        return BY_COMMAND.getOrDefault(command, (r, e, p) -> Parsed.of(List.of("")));
    }

    private static Parsed subCommand(String rest, int escapeToken, SyntaxParser parser) throws SyntaxException {
        if (rest.isEmpty()) return Parsed.of(List.of());
        return new Parsed(List.of(), false, parser.nodeFromLine(rest));
    }

    /**
     * ENV and LABEL: "KEY value words" (legacy, one pair, value = the raw rest) when the first
     * word has no '=', else "k=v k2=v2" with quotes kept in the values.
     */
    private static Parsed nameValues(String rest, String key, int escapeToken) throws SyntaxException {
        List<String> words = Words.split(rest, escapeToken);
        if (words.isEmpty()) return Parsed.of(List.of());
        if (!words.get(0).contains("=")) {
            List<String> parts = GoText.splitWhitespace(rest, 2);
            if (parts.size() < 2) throw new SyntaxException(key + " must have two arguments");
            return Parsed.of(List.of(parts.get(0), parts.get(1)));
        }
        List<String> args = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new SyntaxException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            args.add(word.substring(0, eq));
            args.add(word.substring(eq + 1));
        }
        return Parsed.of(args);
    }

    private static Parsed whitespaceDelimited(String rest) {
        if (rest.isEmpty()) return Parsed.of(List.of());
        return Parsed.of(GoText.splitWhitespace(rest, -1));
    }

    private static Parsed single(String rest) {
        return Parsed.of(rest.isEmpty() ? List.of() : List.of(rest));
    }

    /** Signals that the text is not a JSON array at all (shell form follows). */
    private static final class NotJson extends Exception {
        NotJson() {
            super(null, null, false, false);
        }
    }

    /**
     * Go's json.Decoder semantics: the first JSON value is decoded, anything after it is ignored;
     * every element must be a string.
     */
    private static List<String> jsonArray(String rest) throws NotJson, SyntaxException {
        String trimmed = GoText.trimLeftSpace(rest);
        if (!trimmed.startsWith("[")) throw new NotJson();
        JsonNode array;
        try (JsonParser parser = JSON.createParser(trimmed)) {
            array = JSON.readTree(parser);
        } catch (IOException e) {
            throw new NotJson();
        }
        if (array == null || !array.isArray()) throw new NotJson();
        List<String> strings = new ArrayList<>(array.size());
        for (JsonNode value : array) {
            if (!value.isTextual()) throw new SyntaxException(NOT_STRING_ARRAY);
            strings.add(value.textValue());
        }
        return strings;
    }

    /** RUN, CMD, ENTRYPOINT, SHELL: a JSON array, else the whole text as one shell-form argument. */
    static Parsed maybeJson(String rest) throws SyntaxException {
        if (rest.isEmpty()) return Parsed.of(List.of());
        try {
            return new Parsed(jsonArray(rest), true, null);
        } catch (NotJson e) {
            return Parsed.of(List.of(rest));
        }
    }

    /** ADD, COPY, VOLUME: a JSON array, else whitespace-separated words. */
    private static Parsed maybeJsonToList(String rest) throws SyntaxException {
        try {
            return new Parsed(jsonArray(rest), true, null);
        } catch (NotJson e) {
            return whitespaceDelimited(rest);
        }
    }

    /** HEALTHCHECK: a type word (NONE, CMD, ...) then RUN-like arguments. */
    private static Parsed healthConfig(String rest) throws SyntaxException {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) sep++;
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) next++;
        if (sep == 0) return Parsed.of(List.of());
        Parsed command = maybeJson(rest.substring(next));
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(command.args());
        return new Parsed(args, command.json(), null);
    }
}
