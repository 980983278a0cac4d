package dev.berth.dockerfile.syntax;

import java.util.List;

/**
 * One parsed line of a Dockerfile, the counterpart of buildkit's parser {@code Node}: the
 * lower-cased instruction, its {@code --flags}, its arguments as the per-instruction line parser
 * split them, and, for ONBUILD, the nested instruction.
 *
 * @param command    lower-cased instruction name ("run", "from", ...)
 * @param flags      the leading {@code --name=value} words, quotes already removed
 * @param args       the arguments; empty when the instruction had none
 * @param subCommand the nested instruction of ONBUILD, or null
 * @param json       whether the arguments came from a JSON array (exec form)
 * @param original   the logical line, continuations joined, as Docker keeps it
 * @param startLine  1-based first physical line
 * @param endLine    1-based last physical line
 */
public record Node(String command, List<String> flags, List<String> args, Node subCommand, boolean json,
                   String original, int startLine, int endLine) {

    public Node {
        flags = List.copyOf(flags);
        args = List.copyOf(args);
    }

    Node withLines(int start, int end) {
        return new Node(command, flags, args, subCommand, json, original, start, end);
    }

    /** The arguments as buildkit's {@code nodeArgs} flattens them (ONBUILD: trigger name, then its args). */
    public List<String> flattenedArgs() {
        if (subCommand == null) return args;
        var all = new java.util.ArrayList<String>();
        all.add(subCommand.command());
        all.addAll(subCommand.flattenedArgs());
        return all;
    }

    /** buildkit's {@code Node.Dump()} s-expression, used to compare with its parser test results. */
    public String dump() {
        StringBuilder out = new StringBuilder(command);
        if (!flags.isEmpty()) {
            out.append(" [");
            for (int i = 0; i < flags.size(); i++) {
                if (i > 0) out.append(' ');
                out.append(GoText.quote(flags.get(i)));
            }
            out.append(']');
        }
        if (subCommand != null) {
            out.append(" (").append(subCommand.dump()).append(')');
        }
        for (String arg : args) {
            out.append(' ').append(GoText.quote(arg));
        }
        return GoText.trimSpace(out.toString());
    }
}
