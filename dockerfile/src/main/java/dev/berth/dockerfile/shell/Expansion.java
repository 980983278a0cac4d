package dev.berth.dockerfile.shell;

import java.util.List;
import java.util.Set;

/**
 * The result of substituting variables in one word.
 *
 * @param word           the single-string result (Docker's ProcessWord): quotes removed, spaces kept
 * @param words          the result split into words after substitution (Docker's ProcessWords)
 * @param usedVariables  names that were referenced and defined in the environment, in order
 * @param unsetVariables names that were referenced but not defined
 */
public record Expansion(String word, List<String> words, Set<String> usedVariables, Set<String> unsetVariables) {
    public Expansion {
        words = List.copyOf(words);
        usedVariables = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(usedVariables));
        unsetVariables = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(unsetVariables));
    }
}
