package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Word-by-word substitution helpers shared by the instruction records. */
final class Expansions {
    private Expansions() {}

    static List<String> each(List<String> words, WordExpander expander) throws SubstitutionException {
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) out.add(expander.word(word));
        return out;
    }

    static List<KeyValue> pairs(List<KeyValue> pairs, WordExpander expander) throws SubstitutionException {
        List<KeyValue> out = new ArrayList<>(pairs.size());
        for (KeyValue kv : pairs) out.add(new KeyValue(expander.word(kv.key()), expander.word(kv.value())));
        return out;
    }

    /** Docker expands an unset flag as the empty string, which stays "unset". */
    static Optional<String> optional(Optional<String> value, WordExpander expander) throws SubstitutionException {
        if (value.isEmpty()) return value;
        String expanded = expander.word(value.get());
        return expanded.isEmpty() ? Optional.empty() : Optional.of(expanded);
    }
}
