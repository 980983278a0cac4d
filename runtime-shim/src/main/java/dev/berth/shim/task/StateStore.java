package dev.berth.shim.task;

import dev.berth.common.fs.DurableFiles;
import dev.berth.shim.io.Timestamps;
import dev.berth.shim.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A container's state directory, {@code <shims dir>/<id>/}: state.json and exit.json (each
 * written to a temporary name and renamed, so a reader never sees half a file, and a killed host
 * loses nothing; not fsynced: the shims dir is in the runtime state directory, a tmpfs that a
 * reboot, the one thing fsync would protect against, empties anyway), the
 * init's stdio FIFOs (kept: a restarted host reopens them), runc's log, pid file and console
 * socket, and {@code execs/<exec id>/} for each exec.
 */
public final class StateStore {
    public static final String STATE_FILE = "state.json";
    public static final String EXIT_FILE = "exit.json";
    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path runcLog() {
        return dir.resolve("runc.log");
    }

    public Path execDir(String execId) {
        return dir.resolve("execs").resolve(execId);
    }

    public void saveState(ContainerRecord record) throws IOException {
        DurableFiles.replaceWithoutSync(dir.resolve(STATE_FILE), Json.bytes(record.toJson(), true));
    }

    public static Optional<ContainerRecord> loadState(Path dir) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContainerRecord.fromJson(Json.parse(Files.readAllBytes(file))));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public void removeState() throws IOException {
        Files.deleteIfExists(dir.resolve(STATE_FILE));
    }

    /** {"exit_status":N,"exited_at":"RFC3339Nano"[,"error":"..."]}, which the gateway reads when no host runs. */
    public void saveExit(ExitRecord exit) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("exit_status", exit.exitStatus());
        json.put("exited_at", Timestamps.rfc3339Nano(exit.exitedAt()));
        if (exit.error() != null) {
            json.put("error", exit.error());
        }
        DurableFiles.replaceWithoutSync(dir.resolve(EXIT_FILE), Json.bytes(json, false));
    }

    public Optional<ExitRecord> loadExit() throws IOException {
        Path file = dir.resolve(EXIT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Object json;
        try {
            json = Json.parse(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        String error = Json.at(json, "error") instanceof String s ? s : null;
        return Optional.of(new ExitRecord((int) Json.longAt(json, "exit_status"), Timestamps.parse(Json.stringAt(json, "exited_at")),
                error));
    }

    public void removeExit() throws IOException {
        Files.deleteIfExists(dir.resolve(EXIT_FILE));
    }

    public static void writeAtomically(Path target, byte[] content) throws IOException {
        DurableFiles.replaceWithoutSync(target, content);
    }
}
