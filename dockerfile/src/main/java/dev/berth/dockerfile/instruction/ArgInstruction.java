package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ARG name[=default] ..., several per line. Names and defaults are substituted, as in Docker. */
public record ArgInstruction(Origin origin, List<ArgDefinition> args) implements Instruction, Expandable<ArgInstruction> {
    public ArgInstruction {
        args = List.copyOf(args);
    }

    @Override
    public ArgInstruction expand(WordExpander expander) throws SubstitutionException {
        List<ArgDefinition> out = new ArrayList<>(args.size());
        for (ArgDefinition arg : args) {
            Optional<String> value = arg.defaultValue().isPresent()
                    ? Optional.of(expander.word(arg.defaultValue().get())) : Optional.empty();
            out.add(new ArgDefinition(expander.word(arg.name()), value));
        }
        return new ArgInstruction(origin, out);
    }
}
