package dev.berth.gateway.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes on disk: {@code <root>/<name>/_data} (the data, Docker's Mountpoint) and
 * {@code <root>/<name>/volume.json} (the record), written through a temporary sibling, fsync and
 * rename. The record is the commit point: a create makes _data first and the record last, a
 * remove deletes the record first; so a directory without a record is a create or a removal a
 * crash interrupted, and {@link #loadAll} removes it.
 */
final class VolumeStore {
    static final String RECORD_FILE = "volume.json";
    static final String DATA_DIR = "_data";
    private static final Logger log = LoggerFactory.getLogger(VolumeStore.class);

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    VolumeStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path dir(String name) {
        if (!VolumeNames.valid(name)) {
            throw new IllegalArgumentException("invalid volume name " + name);
        }
        return root.resolve(name);
    }

    Path data(String name) {
        return dir(name).resolve(DATA_DIR);
    }

    /** Makes _data (mode 0755 as Docker's) and commits the record. */
    void create(VolumeRecord record) throws IOException {
        Files.createDirectories(root);
        Path dir = dir(record.name());
        Files.createDirectories(dir);
        Path data = dir.resolve(DATA_DIR);
        if (!Files.isDirectory(data)) {
            Files.createDirectory(data);
        }
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        DurableFiles.fsyncDirectory(dir);
        DurableFiles.replace(dir.resolve(RECORD_FILE), json.writeValueAsBytes(record));
        DurableFiles.fsyncDirectory(root);
    }

    /** Deletes the record (the commit point), then the data. */
    void delete(String name) throws IOException {
        Path dir = dir(name);
        Files.deleteIfExists(dir.resolve(RECORD_FILE));
        DurableFiles.fsyncDirectory(dir);
        DurableFiles.deleteTree(dir);
        DurableFiles.fsyncDirectory(root);
    }

    /** Every committed record; what a crash left without one is removed. */
    List<VolumeRecord> loadAll() throws IOException {
        List<VolumeRecord> records = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return records;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!VolumeNames.valid(name) || !Files.isDirectory(dir)) {
                    continue;
                }
                try {
                    records.add(json.readValue(Files.readAllBytes(dir.resolve(RECORD_FILE)), VolumeRecord.class));
                } catch (NoSuchFileException e) {
                    log.info("removing volume directory {}: a create or removal that did not finish", dir);
                    try {
                        DurableFiles.deleteTree(dir);
                    } catch (IOException ex) {
                        log.warn("could not remove {}: {}", dir, ex.getMessage());
                    }
                }
            }
        }
        return records;
    }
}
