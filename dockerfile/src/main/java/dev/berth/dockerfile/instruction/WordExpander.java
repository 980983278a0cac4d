package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;

/** Substitutes variables in one word (Docker's SingleWordExpander), or splits it into words. */
public interface WordExpander {
    String word(String word) throws SubstitutionException;

    /** Multi-word expansion, used only by EXPOSE in Docker ({@code EXPOSE $PORTS} with PORTS="80 443"). */
    List<String> words(String word) throws SubstitutionException;
}
