package dev.berth.dockerfile.syntax;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * buildkit's Dockerfile line parser (parser.go): directives, comments, blank lines, line
 * continuations, then one {@link Node} per instruction with its line numbers. Instruction names
 * are not validated here (that is {@code InstructionParser}'s job, as in Docker).
 */
public final class SyntaxParser {
    /** bufio.Scanner's limit, which Docker reports rather than raises. */
    static final int MAX_LINE_BYTES = 64 * 1024 - 1;

    private final Directives directives = new Directives();

    private SyntaxParser() {}

    public static SyntaxTree parse(String text) throws SyntaxException {
        return new SyntaxParser().run(text);
    }

    private SyntaxTree run(String text) throws SyntaxException {
        List<String> lines = scanLines(text);
        List<Node> nodes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int current = 0;
        int index = 0;
        while (index < lines.size()) {
            String raw = lines.get(index++);
            if (current == 0 && raw.startsWith("\uFEFF")) raw = raw.substring(1);
            String processed = processLine(raw, true, current);
            current++;
            int startLine = current;
            String line = directives.stripContinuation(processed);
            boolean endOfLine = line == null;
            if (endOfLine) line = processed;
            if (endOfLine && line.isEmpty()) continue;

            boolean emptyContinuation = false;
            StringBuilder joined = new StringBuilder(line);
            while (!endOfLine && index < lines.size()) {
                String next = lines.get(index++);
                String nextProcessed = processLine(next, false, current);
                current++;
                if (isComment(next)) continue; // comment lines inside a continuation are dropped
                if (GoText.trimLeftSpace(nextProcessed).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                String stripped = directives.stripContinuation(nextProcessed);
                endOfLine = stripped == null;
                joined.append(endOfLine ? nextProcessed : stripped);
            }
            if (emptyContinuation) {
                warnings.add("[WARNING]: Empty continuation line found in:\n    " + joined);
            }
            try {
                nodes.add(nodeFromLine(joined.toString()).withLines(startLine, current));
            } catch (SyntaxException e) {
                throw e.at(startLine, current);
            }
        }
        if (!warnings.isEmpty()) {
            warnings.add("[WARNING]: Empty continuation lines will become errors in a future release.");
        }
        if (nodes.isEmpty()) throw new SyntaxException("file with no instructions", current, current);
        return new SyntaxTree(nodes, directives.escapeToken(), warnings);
    }

    /** bufio.ScanLines: split on \n, drop one trailing \r, no empty last line after a final \n. */
    private static List<String> scanLines(String text) throws SyntaxException {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
                throw new SyntaxException("dockerfile line greater than max allowed size of " + MAX_LINE_BYTES,
                        lines.size() + 1, lines.size() + 1);
            }
            lines.add(line);
            start = end + 1;
        }
        return lines;
    }

    private String processLine(String raw, boolean stripLeft, int lineIndex) throws SyntaxException {
        String token = stripLeft ? GoText.trimLeftSpace(raw) : raw;
        try {
            directives.inspect(token);
        } catch (SyntaxException e) {
            throw e.at(lineIndex + 1, lineIndex + 1);
        }
        return token.startsWith("#") ? "" : token;
    }

    private static boolean isComment(String raw) {
        return GoText.trimLeftSpace(raw).startsWith("#");
    }

    /** buildkit's newNodeFromLine: instruction name, flags, then the instruction's line parser. */
    Node nodeFromLine(String line) throws SyntaxException {
        List<String> nameAndRest = GoText.splitWhitespace(GoText.trimSpace(line), 2);
        String command = nameAndRest.get(0).toLowerCase(Locale.ROOT);
        List<String> flags = List.of();
        String rest = "";
        if (nameAndRest.size() == 2) {
            Words.FlagsAndRest split = Words.extractFlags(nameAndRest.get(1));
            flags = split.flags();
            rest = GoText.trimSpace(split.rest());
        }
        ArgumentParsers.Parsed parsed = ArgumentParsers.forCommand(command).parse(rest, directives.escapeToken(), this);
        return new Node(command, flags, parsed.args(), parsed.subCommand(), parsed.json(), line, 0, 0);
    }
}
