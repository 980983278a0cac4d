package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;

/** USER user[:group]. */
public record UserInstruction(Origin origin, String user) implements Instruction, Expandable<UserInstruction> {
    @Override
    public UserInstruction expand(WordExpander expander) throws SubstitutionException {
        return new UserInstruction(origin, expander.word(user));
    }
}
