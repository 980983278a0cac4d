package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;

/** WORKDIR path (the text after WORKDIR, spaces included). */
public record WorkdirInstruction(Origin origin, String path) implements Instruction, Expandable<WorkdirInstruction> {
    @Override
    public WorkdirInstruction expand(WordExpander expander) throws SubstitutionException {
        return new WorkdirInstruction(origin, expander.word(path));
    }
}
