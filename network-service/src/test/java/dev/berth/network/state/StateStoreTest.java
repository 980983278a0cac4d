package dev.berth.network.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path root;

    @Test
    void savesAndLoadsTheWholeState() throws Exception {
        NetworkRecord network = new NetworkRecord("a".repeat(64), "front", "bridge", "10.67.0.0/24", "10.67.0.1",
                "berthnt1", Map.of("k", "v"), false, true, "10.67.0.128/25", true,
                Map.of("com.docker.network.bridge.name", "berthnt1"), true, "2026-11-30T03:00:00Z");
        EndpointRecord endpoint = new EndpointRecord("b".repeat(64), network.id(), "c1", "10.67.0.2", 24, "10.67.0.1",
                "02:42:0a:43:00:02", "eth0", "vb01234567", List.of("web"), "web-1", false);
        NetworkState state = NetworkState.empty()
                .withNetwork(network)
                .withSandbox(new SandboxRecord("c1", "berth-c1", List.of(
                        new PortRecord("tcp", "127.0.0.1", 8080, "10.67.0.2", 80, "berthnt1"))))
                .withEndpoint(endpoint);

        new StateStore(root).save(state);
        NetworkState loaded = new StateStore(root).load();

        assertEquals(state, loaded);
        try (var files = Files.list(root)) {
            assertEquals(List.of(root.resolve(StateStore.FILE_NAME)), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void startsEmptyAndRemovesTemporariesOfAnInterruptedSave() throws Exception {
        Path abandoned = root.resolve(StateStore.FILE_NAME + dev.berth.common.fs.DurableFiles.TEMP_SUFFIX);
        Files.writeString(abandoned, "{\"half");
        StateStore store = new StateStore(root);
        assertEquals(NetworkState.empty(), store.load());
        assertFalse(Files.exists(abandoned));
    }
}
