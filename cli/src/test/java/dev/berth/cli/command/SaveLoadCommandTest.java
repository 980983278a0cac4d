package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save and load against a fake daemon: what is asked for, what is sent, what is printed. */
class SaveLoadCommandTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    @Test
    void saveWritesTheArchiveOfEveryNamedImageToTheFile() throws IOException {
        byte[] archive = "pretend-tar".getBytes(StandardCharsets.US_ASCII);
        cli.daemon.on("GET /v1.41/images/get", (r, x) -> x.respond(200, Map.of("Content-Type", "application/x-tar"), archive));
        Path file = dir.resolve("saved.tar");
        assertEquals(0, cli.run("", "save", "-o", file.toString(), "busybox", "acc/app:1"), cli.err());
        assertArrayEquals(archive, Files.readAllBytes(file));
        assertEquals("names=busybox&names=acc/app:1", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/images/get").query()));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.filter(p -> p.getFileName().toString().contains("saved.tar")).count(), "no temporary file left");
        }
    }

    @Test
    void saveOfAMissingImageFailsWithTheDaemonsWords() {
        cli.daemon.on("GET /v1.41/images/get", (r, x) -> x.json(404, "{\"message\":\"No such image: nope:latest\"}"));
        assertEquals(1, cli.run("", "save", "-o", dir.resolve("x.tar").toString(), "nope"));
        assertTrue(cli.err().contains("No such image: nope:latest"), cli.err());
        assertTrue(Files.notExists(dir.resolve("x.tar")));
    }

    @Test
    void loadSendsTheFileAndPrintsWhatWasLoaded() throws IOException {
        Path file = dir.resolve("in.tar");
        Files.writeString(file, "archive-bytes");
        cli.daemon.on("POST /v1.41/images/load", (r, x) -> x.json(200, "{\"stream\":\"Loaded image: busybox:latest\\n\"}"));
        assertEquals(0, cli.run("", "load", "-i", file.toString()), cli.err());
        assertEquals("Loaded image: busybox:latest\n", cli.out());
        assertEquals("archive-bytes", cli.daemon.lastRequest("POST /v1.41/images/load").bodyText());

        assertEquals(1, cli.run("", "load", "-i", dir.resolve("missing.tar").toString()));
        assertTrue(cli.err().contains("no such file or directory"), cli.err());
    }
}
