package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.container.NetworkEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
    @TempDir Path tmp;

    @Test
    void recordsSurviveAReload() throws IOException {
        ContainerPaths paths = new ContainerPaths(tmp.resolve("containers"), tmp.resolve("b"), tmp.resolve("s"));
        RecordStore store = new RecordStore(paths);
        String id = ContainerIds.generate();
        ContainerRecord created = Fixtures.record(id, "web", Fixtures.config("app", List.of("A=1"), "/w", true),
                Fixtures.host("bridge", false, false));
        store.save(created);
        ContainerRecord running = created
                .withNetwork(List.of(new NetworkEndpoint("bridge", "n1", "e1", "10.68.0.2", 24, "10.68.0.1",
                        "02:42:0a:44:00:02", List.of())), "/run/berth/netns/" + id)
                .started(1234, Instant.parse("2024-01-02T03:04:05.123456789Z"));
        store.save(running);

        RecordStore reopened = new RecordStore(paths);
        assertEquals(running, reopened.load(id));
        try (Stream<Path> files = Files.list(paths.containerDir(id))) {
            assertEquals(List.of(RecordStore.RECORD_FILE), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void loadAllSkipsForeignDirectoriesAndReportsUnfinishedCreates() throws IOException {
        ContainerPaths paths = new ContainerPaths(tmp.resolve("containers"), tmp.resolve("b"), tmp.resolve("s"));
        RecordStore store = new RecordStore(paths);
        String id = ContainerIds.generate();
        store.save(Fixtures.record(id, "web", Fixtures.config("", List.of(), "", false), Fixtures.host("none", false, false)));
        String unfinished = ContainerIds.generate();
        Files.createDirectories(paths.containerDir(unfinished));
        Files.createDirectories(paths.containersRoot().resolve("not-an-id"));
        String corrupt = ContainerIds.generate();
        Files.createDirectories(paths.containerDir(corrupt));
        Files.writeString(paths.containerDir(corrupt).resolve(RecordStore.RECORD_FILE), "{\"ID\": ");

        List<String> orphans = new ArrayList<>();
        List<ContainerRecord> records = store.loadAll(orphans);
        assertEquals(List.of(id), records.stream().map(ContainerRecord::id).toList());
        assertEquals(List.of(unfinished), orphans);
    }

    @Test
    void loadAllOfNothing() throws IOException {
        ContainerPaths paths = new ContainerPaths(tmp.resolve("none"), tmp.resolve("b"), tmp.resolve("s"));
        assertTrue(new RecordStore(paths).loadAll(new ArrayList<>()).isEmpty());
    }
}
