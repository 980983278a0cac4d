package dev.berth.shim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shim's files in {@code --work}: state.json and exit.json, each written to a temporary name,
 * fsynced and renamed into place, so a reader (the gateway, a restarted shim) never sees half a file.
 */
final class StateStore {
    static final String STATE_FILE = "state.json";
    static final String EXIT_FILE = "exit.json";

    private final Path work;
    private final ObjectMapper json = new ObjectMapper();

    StateStore(Path work) {
        this.work = work;
    }

    Path work() {
        return work;
    }

    void saveState(ShimState state) throws IOException {
        DurableFiles.replace(work.resolve(STATE_FILE), json.writeValueAsBytes(state));
    }

    Optional<ShimState> loadState() throws IOException {
        Path file = work.resolve(STATE_FILE);
        return Files.exists(file) ? Optional.of(json.readValue(file.toFile(), ShimState.class)) : Optional.empty();
    }

    void removeState() throws IOException {
        Files.deleteIfExists(work.resolve(STATE_FILE));
    }

    /** {"exit_status":N,"exited_at":"RFC3339Nano"}, which the gateway reads when the shim is gone. */
    void saveExit(ExitRecord exit) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("exit_status", exit.exitStatus());
        node.put("exited_at", Timestamps.rfc3339Nano(exit.exitedAt()));
        DurableFiles.replace(work.resolve(EXIT_FILE), json.writeValueAsBytes(node));
    }

    Optional<ExitRecord> loadExit() throws IOException {
        Path file = work.resolve(EXIT_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        var node = json.readTree(file.toFile());
        return Optional.of(new ExitRecord(node.path("exit_status").asInt(), Timestamps.parse(node.path("exited_at").asText())));
    }

    void removeExit() throws IOException {
        Files.deleteIfExists(work.resolve(EXIT_FILE));
    }

    static void writeAtomically(Path target, String content) throws IOException {
        DurableFiles.replace(target, content.getBytes(StandardCharsets.UTF_8));
    }
}
