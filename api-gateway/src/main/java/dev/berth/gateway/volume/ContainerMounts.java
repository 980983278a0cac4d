package dev.berth.gateway.volume;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container's resolved mounts, kept beside its record as {@code <container dir>/mounts.json}
 * (written before the record, so a container that has a record has its mounts; removed with
 * the container's directory).
 */
public final class ContainerMounts {
    public static final String FILE = "mounts.json";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final TypeReference<List<MountPoint>> LIST = new TypeReference<>() {};

    private final Path containersRoot;
    private final String recordFile;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code recordFile}: the name of the container record, whose presence says the create finished. */
    public ContainerMounts(Path containersRoot, String recordFile) {
        this.containersRoot = containersRoot.toAbsolutePath();
        this.recordFile = recordFile;
    }

    private Path file(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid container id " + id);
        }
        return containersRoot.resolve(id).resolve(FILE);
    }

    public void write(String id, List<MountPoint> mounts) throws IOException {
        Path file = file(id);
        Files.createDirectories(file.getParent());
        DurableFiles.replace(file, json.writeValueAsBytes(mounts));
    }

    /** The container's mounts; none for a container made before volumes existed. */
    public List<MountPoint> read(String id) {
        try {
            return json.readValue(Files.readAllBytes(file(id)), LIST);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the mounts of container " + id, e);
        }
    }

    /** The mounts of every container whose create finished (it has a record). */
    Map<String, List<MountPoint>> readAll() throws IOException {
        Map<String, List<MountPoint>> all = new HashMap<>();
        if (!Files.isDirectory(containersRoot)) {
            return all;
        }
        try (var dirs = Files.list(containersRoot)) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                if (ID.matcher(id).matches() && Files.exists(dir.resolve(recordFile)) && Files.exists(dir.resolve(FILE))) {
                    all.put(id, read(id));
                }
            }
        }
        return all;
    }
}
