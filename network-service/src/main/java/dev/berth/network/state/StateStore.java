package dev.berth.network.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Persists {@link NetworkState} as one JSON file, {@code <root>/network-state.json}. A save writes a
 * temporary file, fsyncs it, renames it over the old one and fsyncs the directory, so a process
 * killed at any moment leaves either the old or the new state, never a torn one.
 */
public final class StateStore {
    static final String FILE_NAME = "network-state.json";
    private static final int VERSION = 1;

    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path directory;
    private final Path file;

    public StateStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.file = directory.resolve(FILE_NAME);
        removeAbandonedTemporaries();
    }

    public Path file() {
        return file;
    }

    /** The saved state, or an empty one on first start. */
    public NetworkState load() throws IOException {
        if (!Files.exists(file)) {
            return NetworkState.empty();
        }
        StateDocument document = json.readValue(file.toFile(), StateDocument.class);
        if (document.version() > VERSION) {
            throw new IOException(file + " has version " + document.version() + ", newer than this service understands ("
                    + VERSION + ")");
        }
        return NetworkState.of(orEmpty(document.networks()), orEmpty(document.sandboxes()), orEmpty(document.endpoints()));
    }

    public void save(NetworkState state) throws IOException {
        StateDocument document = new StateDocument(VERSION, List.copyOf(state.networks().values()),
                List.copyOf(state.sandboxes().values()), List.copyOf(state.endpoints().values()));
        byte[] bytes = json.writeValueAsBytes(document);
        DurableFiles.replace(file, bytes);
    }

    /** A temporary sibling left by a crash in the middle of a save. */
    private void removeAbandonedTemporaries() throws IOException {
        Files.deleteIfExists(directory.resolve(FILE_NAME + DurableFiles.TEMP_SUFFIX));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The file's layout; {@code version} lets a later release migrate it. */
    record StateDocument(int version, List<NetworkRecord> networks, List<SandboxRecord> sandboxes,
                         List<EndpointRecord> endpoints) {}
}
