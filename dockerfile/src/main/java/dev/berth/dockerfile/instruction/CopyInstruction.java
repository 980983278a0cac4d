package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;
import java.util.Optional;

/**
 * COPY [--from=stage|image] [--chown=u:g] [--chmod=mode] src... dest (or the JSON form).
 * Substitution covers sources, destination and --chown, not --from or --chmod (Docker 20.10).
 */
public record CopyInstruction(Origin origin, List<String> sources, String destination, Optional<String> from,
                              Optional<String> chown, Optional<String> chmod)
        implements Instruction, Expandable<CopyInstruction> {
    public CopyInstruction {
        sources = List.copyOf(sources);
    }

    @Override
    public CopyInstruction expand(WordExpander expander) throws SubstitutionException {
        Optional<String> owner = Expansions.optional(chown, expander);
        return new CopyInstruction(origin, Expansions.each(sources, expander), expander.word(destination), from,
                owner, chmod);
    }
}
