package dev.berth.dockerfile.instruction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name=value} flags of one instruction (buildkit's BFlags): an instruction declares
 * the flags it knows, then {@link #parse} checks the given ones with Docker's messages.
 */
final class BuilderFlags {
    private final List<String> given;
    private final Set<String> declared = new LinkedHashSet<>();
    private final Set<String> repeatable = new LinkedHashSet<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> used = new ArrayList<>();

    BuilderFlags(List<String> given) {
        this.given = given;
    }

    BuilderFlags declare(String... names) {
        declared.addAll(List.of(names));
        return this;
    }

    /** A flag that may be given several times (buildkit's AddStrings, e.g. RUN --mount). */
    BuilderFlags declareRepeatable(String name) {
        declared.add(name);
        repeatable.add(name);
        return this;
    }

    /** Validates the given flags against the declared ones; the first problem wins, as in Docker. */
    void parse() throws FlagException {
        for (String arg : given) {
            if (!arg.startsWith("--")) throw new FlagException("Arg should start with -- : " + arg);
            if (arg.equals("--")) return;
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!declared.contains(name)) throw new FlagException("Unknown flag: " + name);
            if (values.containsKey(name) && !repeatable.contains(name)) throw new FlagException("Duplicate flag specified: " + name);
            if (value == null) throw new FlagException("Missing a value on flag: " + name);
            values.put(name, value);
            if (!used.contains(name)) used.add(name);
        }
    }

    /** The value, absent when not given or given empty (Docker treats both as unset). */
    Optional<String> value(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    String valueOrEmpty(String name) {
        return values.getOrDefault(name, "");
    }

    List<String> used() {
        return used;
    }

    static final class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }
}
