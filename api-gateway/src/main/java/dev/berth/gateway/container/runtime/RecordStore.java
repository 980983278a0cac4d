package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container records on disk: {@code <containers>/<id>/config.v2.json}, each written to a
 * temporary name, fsynced and renamed into place, so a crash leaves the old or the new record,
 * never half of one.
 */
public final class RecordStore {
    static final String RECORD_FILE = "config.v2.json";
    private static final Logger log = LoggerFactory.getLogger(RecordStore.class);

    private final ContainerPaths paths;
    private final ObjectMapper json;

    public RecordStore(ContainerPaths paths) {
        this.paths = paths;
        this.json = mapper();
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public void save(ContainerRecord record) throws IOException {
        Path dir = paths.containerDir(record.id());
        Files.createDirectories(dir);
        DurableFiles.replace(dir.resolve(RECORD_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    }

    public ContainerRecord load(String id) throws IOException {
        return json.readValue(paths.containerDir(id).resolve(RECORD_FILE).toFile(), ContainerRecord.class);
    }

    /** Every readable record; directories without one (a create that crashed early) are reported in {@code orphans}. */
    public List<ContainerRecord> loadAll(List<String> orphans) throws IOException {
        List<ContainerRecord> records = new ArrayList<>();
        Path root = paths.containersRoot();
        if (!Files.isDirectory(root)) {
            return records;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!ContainerIds.isValid(id)) {
                    continue;
                }
                if (!Files.exists(dir.resolve(RECORD_FILE))) {
                    orphans.add(id);
                    continue;
                }
                try {
                    ContainerRecord record = load(id);
                    if (id.equals(record.id())) {
                        records.add(record);
                    } else {
                        log.warn("ignoring {}: its record names container {}", dir, record.id());
                    }
                } catch (IOException e) {
                    log.warn("ignoring unreadable container record in {}: {}", dir, e.getMessage());
                }
            }
        }
        return records;
    }
}
