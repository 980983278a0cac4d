package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;

/** VOLUME ["/a", "/b"] or VOLUME /a /b. */
public record VolumeInstruction(Origin origin, List<String> paths) implements Instruction, Expandable<VolumeInstruction> {
    public VolumeInstruction {
        paths = List.copyOf(paths);
    }

    @Override
    public VolumeInstruction expand(WordExpander expander) throws SubstitutionException {
        return new VolumeInstruction(origin, Expansions.each(paths, expander));
    }
}
