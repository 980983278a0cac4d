package dev.berth.dockerfile;

import dev.berth.dockerfile.syntax.Node;
import dev.berth.dockerfile.syntax.Words;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Heredocs ({@code RUN <<EOF}) came after Docker 20.10's builder, which would run the first line
 * and read the document's lines as instructions; Berth refuses them with a clear message instead.
 */
final class Heredocs {
    private static final Pattern HEREDOC = Pattern.compile("^<<-?[\"']?[A-Za-z_][A-Za-z0-9_]*[\"']?.*");
    private static final Set<String> COMMANDS = Set.of("run", "copy", "add");

    private Heredocs() {}

    static void refuse(Node node, int escapeToken) throws DockerfileException {
        Node target = node.subCommand() != null ? node.subCommand() : node;
        if (!COMMANDS.contains(target.command()) || target.json()) return;
        for (String arg : target.args()) {
            for (String word : Words.split(arg, escapeToken)) {
                if (HEREDOC.matcher(word).matches()) {
                    throw new DockerfileException("dockerfile parse error line " + node.startLine()
                            + ": heredocs are not supported: " + word, node.startLine());
                }
            }
        }
    }
}
