package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;

/** STOPSIGNAL signal (name or number; validated by the builder, as Docker does at dispatch). */
public record StopSignalInstruction(Origin origin, String signal)
        implements Instruction, Expandable<StopSignalInstruction> {
    @Override
    public StopSignalInstruction expand(WordExpander expander) throws SubstitutionException {
        return new StopSignalInstruction(origin, expander.word(signal));
    }
}
