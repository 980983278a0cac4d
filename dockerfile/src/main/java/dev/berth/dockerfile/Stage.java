package dev.berth.dockerfile;

import dev.berth.dockerfile.instruction.FromInstruction;
import dev.berth.dockerfile.instruction.Instruction;
import java.util.List;
import java.util.Optional;

/**
 * One build stage: its FROM and the instructions after it, up to the next FROM.
 *
 * @param index        0-based position, what {@code COPY --from=<n>} refers to
 * @param from         the FROM instruction (image not yet substituted)
 * @param instructions the stage's instructions, in order
 */
public record Stage(int index, FromInstruction from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The lower-cased "AS" name, if any. */
    public Optional<String> name() {
        return from.stageName();
    }

    /** Whether {@code reference} names this stage (names are case-insensitive in Docker). */
    public boolean isNamed(String reference) {
        return name().isPresent() && name().get().equalsIgnoreCase(reference);
    }
}
