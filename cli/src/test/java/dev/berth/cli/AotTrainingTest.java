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

    private static final String ID = "4f1c0ffee0d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b";

    @Test
    void changesNothingButTheContainersItRunsAndRemoves(@TempDir Path dir) throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"))) {
            daemon.on("GET /v1.41/containers/json", (r, e) -> e.json(200, "[]"))
                    .on("GET /v1.41/images/json", (r, e) -> e.json(200, "[]"))
                    .on("GET /v1.41/version", (r, e) -> e.json(200, "{\"Version\":\"20.10.0\",\"ApiVersion\":\"1.41\"}"))
                    .on("GET /v1.41/info", (r, e) -> e.json(200, "{\"ServerVersion\":\"20.10.0\"}"))
                    .on("GET /v1.41/networks", (r, e) -> e.json(200, "[]"))
                    .on("GET /v1.41/volumes", (r, e) -> e.json(200, "{\"Volumes\":[]}"))
                    .on("POST /v1.41/containers/create", (r, e) -> e.json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}"))
                    .on("POST /v1.41/containers/" + ID + "/attach", (r, e) -> {
                        e.upgrade();
                        e.close();
                    })
                    .on("POST /v1.41/containers/" + ID + "/wait", (r, e) -> e.json(200, "{\"StatusCode\":0}"))
                    .on("POST /v1.41/containers/" + ID + "/start", (r, e) -> e.noContent())
                    .on("DELETE /v1.41/containers/" + AotTraining.CONTAINER, (r, e) -> e.noContent());

            AotTraining.train(Map.of("DOCKER_HOST", daemon.address(), "DOCKER_CONFIG", dir.toString()));

            List<String> sent = daemon.requests().stream().map(r -> r.method() + " " + r.path()).distinct().toList();
            // the run path was trained through to the container's exit
            assertTrue(sent.containsAll(List.of("POST /v1.41/containers/create", "POST /v1.41/containers/" + ID + "/attach",
                    "POST /v1.41/containers/" + ID + "/wait", "POST /v1.41/containers/" + ID + "/start")), sent.toString());
            // whatever it changes is a container of its own: the one it names, or one it created (run --rm removes that)
            for (String request : sent) {
                assertTrue(request.startsWith("GET ") || request.equals("POST /v1.41/containers/create")
                        || request.contains("/containers/" + ID + "/") || request.contains("/containers/" + AotTraining.CONTAINER),
                        "changes only its own containers: " + request);
            }
            List<String> named = daemon.requests("POST /v1.41/containers/create").stream()
                    .filter(r -> r.query().contains("name=" + AotTraining.CONTAINER)).map(r -> r.target()).toList();
            assertTrue(!named.isEmpty(), "the detached container is named " + AotTraining.CONTAINER);
            assertTrue(daemon.requests("DELETE /v1.41/containers/" + AotTraining.CONTAINER).stream()
                    .anyMatch(r -> r.query().contains("force=1")), "and removed with force at the end: " + sent);
            assertTrue(sent.containsAll(List.of("GET /v1.41/containers/json", "GET /v1.41/images/json", "GET /v1.41/version",
                    "GET /v1.41/info", "GET /v1.41/networks", "GET /v1.41/volumes")), sent.toString());
        }
    }

    @Test
    void runsThroughWithoutADaemon(@TempDir Path dir) {
        assertDoesNotThrow(() -> AotTraining.train(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock"), "DOCKER_CONFIG", dir.toString())));
    }
}
