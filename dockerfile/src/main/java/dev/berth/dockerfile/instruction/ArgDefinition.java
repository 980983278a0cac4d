package dev.berth.dockerfile.instruction;

import java.util.Optional;

/** One {@code name[=default]} of an ARG instruction. */
public record ArgDefinition(String name, Optional<String> defaultValue) {
    @Override
    public String toString() {
        return defaultValue.map(v -> name + "=" + v).orElse(name);
    }
}
