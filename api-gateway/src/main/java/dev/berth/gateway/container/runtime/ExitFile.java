package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The shim's {@code exit.json}, {"exit_status":N,"exited_at":"..."}: the container's last exit,
 * written by the shim at every exit, readable after the shim itself is gone.
 */
record ExitFile(int exitStatus, Instant exitedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Optional<ExitFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.hasNonNull("exit_status")) {
                return Optional.empty();
            }
            Instant at = null;
            if (node.hasNonNull("exited_at")) {
                try {
                    at = Instant.parse(node.get("exited_at").asText());
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            return Optional.of(new ExitFile(node.get("exit_status").asInt(), at));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
