package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;
import java.util.Optional;

/**
 * ADD [--chown=u:g] [--chmod=mode] src... dest (or the JSON form); sources may be URLs or local
 * archives, which the builder handles. Substitution covers sources, destination and --chown.
 */
public record AddInstruction(Origin origin, List<String> sources, String destination, Optional<String> chown,
                             Optional<String> chmod) implements Instruction, Expandable<AddInstruction> {
    public AddInstruction {
        sources = List.copyOf(sources);
    }

    @Override
    public AddInstruction expand(WordExpander expander) throws SubstitutionException {
        Optional<String> owner = Expansions.optional(chown, expander);
        return new AddInstruction(origin, Expansions.each(sources, expander), expander.word(destination), owner, chmod);
    }
}
