package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPOSE port[/proto] or range, several. Ports are kept as written (sorted as Docker sorts
 * them); the builder validates them after substitution. EXPOSE is the one instruction whose
 * words may expand into several words.
 */
public record ExposeInstruction(Origin origin, List<String> ports) implements Instruction, Expandable<ExposeInstruction> {
    public ExposeInstruction {
        ports = List.copyOf(ports);
    }

    @Override
    public ExposeInstruction expand(WordExpander expander) throws SubstitutionException {
        List<String> expanded = new ArrayList<>();
        for (String port : ports) expanded.addAll(expander.words(port));
        return new ExposeInstruction(origin, expanded);
    }
}
