package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;

/** LABEL k=v k2="v 2" ..., or the legacy LABEL k value words. Values keep their quotes until expanded. */
public record LabelInstruction(Origin origin, List<KeyValue> labels) implements Instruction, Expandable<LabelInstruction> {
    public LabelInstruction {
        labels = List.copyOf(labels);
    }

    @Override
    public LabelInstruction expand(WordExpander expander) throws SubstitutionException {
        return new LabelInstruction(origin, Expansions.pairs(labels, expander));
    }
}
