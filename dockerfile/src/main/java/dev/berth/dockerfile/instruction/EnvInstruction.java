package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;

/**
 * ENV k=v k2="v 2" ..., or the legacy ENV k value words (one value "value words"). Values keep
 * their quotes until expanded; all pairs of one ENV are expanded with the environment from before it.
 */
public record EnvInstruction(Origin origin, List<KeyValue> variables) implements Instruction, Expandable<EnvInstruction> {
    public EnvInstruction {
        variables = List.copyOf(variables);
    }

    @Override
    public EnvInstruction expand(WordExpander expander) throws SubstitutionException {
        return new EnvInstruction(origin, Expansions.pairs(variables, expander));
    }
}
