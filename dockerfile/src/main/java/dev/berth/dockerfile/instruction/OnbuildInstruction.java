package dev.berth.dockerfile.instruction;

/**
 * ONBUILD instruction: a trigger stored in the image and run when the image is used as a base.
 * Not substituted. {@code expression} is the text after ONBUILD, which Docker stores in the
 * image config's OnBuild list; {@link #trigger} parses it as the builder will.
 */
public record OnbuildInstruction(Origin origin, String expression) implements Instruction {

    /** The trigger as a typed instruction, parsed as Docker parses it when the trigger fires. */
    public Instruction trigger() throws InstructionException {
        return OnbuildTriggers.parse(expression);
    }
}
