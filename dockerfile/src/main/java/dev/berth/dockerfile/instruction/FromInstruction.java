package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.Optional;

/**
 * FROM [--platform=p] image [AS name]: starts a stage. Docker substitutes only the meta ARGs
 * (those before the first FROM) in the image and platform, so this is deliberately not
 * {@link Expandable}; the builder calls {@link #expand} with an expander over the meta ARGs.
 *
 * @param image     base image reference, or an earlier stage's name, or "scratch"
 * @param stageName the lower-cased stage name from "AS name", if any
 * @param platform  the --platform value, if any
 */
public record FromInstruction(Origin origin, String image, Optional<String> stageName, Optional<String> platform)
        implements Instruction {

    public FromInstruction expand(WordExpander metaArgs) throws SubstitutionException {
        Optional<String> p = platform.isPresent() ? Optional.of(metaArgs.word(platform.get())) : platform;
        return new FromInstruction(origin, metaArgs.word(image), stageName, p);
    }
}
