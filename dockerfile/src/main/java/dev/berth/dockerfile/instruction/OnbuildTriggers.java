package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.syntax.SyntaxException;
import dev.berth.dockerfile.syntax.SyntaxParser;
import dev.berth.dockerfile.syntax.SyntaxTree;

/**
 * Parses an ONBUILD trigger (as stored in an image's config) the way Docker does when a build
 * uses that image as its base: one expression, any instruction except FROM, messages unprefixed.
 */
public final class OnbuildTriggers {
    private OnbuildTriggers() {}

    public static Instruction parse(String expression) throws InstructionException {
        SyntaxTree tree;
        try {
            tree = SyntaxParser.parse(expression);
        } catch (SyntaxException e) {
            throw new InstructionException(e.getMessage(), 0, false);
        }
        if (tree.nodes().size() != 1) {
            throw new InstructionException("onbuild trigger should be a single expression", 0, false);
        }
        Instruction instruction;
        try {
            instruction = InstructionParser.parse(tree.nodes().get(0));
        } catch (InstructionException e) {
            throw new InstructionException(e.getMessage(), 0, false);
        }
        if (instruction instanceof FromInstruction) {
            throw new InstructionException("*instructions.Stage is not a command type", 0, false);
        }
        return instruction;
    }
}
