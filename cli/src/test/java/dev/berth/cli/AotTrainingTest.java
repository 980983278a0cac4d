package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.FakeDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {

    @Test
    void onlyReadsFromTheDaemon(@TempDir Path dir) throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"))) {
            daemon.on("GET /containers/json", (r, e) -> e.json(200, "[]"))
                    .on("GET /images/json", (r, e) -> e.json(200, "[]"))
                    .on("GET /version", (r, e) -> e.json(200, "{\"Version\":\"20.10.0\",\"ApiVersion\":\"1.41\"}"))
                    .on("GET /info", (r, e) -> e.json(200, "{\"ServerVersion\":\"20.10.0\"}"))
                    .on("GET /networks", (r, e) -> e.json(200, "[]"))
                    .on("GET /volumes", (r, e) -> e.json(200, "{\"Volumes\":[]}"));

            AotTraining.train(Map.of("DOCKER_HOST", daemon.address(), "DOCKER_CONFIG", dir.toString()));

            List<String> sent = daemon.requests().stream().map(r -> r.method() + " " + r.path()).distinct().toList();
            assertTrue(sent.stream().allMatch(s -> s.startsWith("GET ")), "side-effect free: " + sent);
            assertTrue(sent.containsAll(List.of("GET /v1.41/containers/json", "GET /v1.41/images/json", "GET /v1.41/version",
                    "GET /v1.41/info", "GET /v1.41/networks", "GET /v1.41/volumes")), sent.toString());
        }
    }

    @Test
    void runsThroughWithoutADaemon(@TempDir Path dir) {
        assertDoesNotThrow(() -> AotTraining.train(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock"), "DOCKER_CONFIG", dir.toString())));
    }
}
