package dev.berth.dockerfile.syntax;

import java.util.List;

/**
 * A Dockerfile parsed into lines (buildkit's parser {@code Result}).
 *
 * @param nodes       one node per instruction, in order
 * @param escapeToken the escape character in effect ('\\' or '`')
 * @param warnings    Docker's warnings (empty continuation lines)
 */
public record SyntaxTree(List<Node> nodes, int escapeToken, List<String> warnings) {
    public SyntaxTree {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    /** buildkit's {@code AST.Dump()}: one s-expression per instruction, each in parentheses. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) out.append('(').append(node.dump()).append(")\n");
        return out.toString();
    }
}
