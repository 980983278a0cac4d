package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Json;
import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeDaemon;
import dev.berth.cli.testing.FakeTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth exec against a fake daemon: the requests docker's CLI makes, streams and exit codes. */
class ExecCommandTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200, "{\"Id\":\"abc\",\"State\":{\"Running\":true}}"));
        cli.daemon.on("POST /v1.41/containers/web/exec", (r, x) -> x.json(201, "{\"Id\":\"e1\"}"));
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    private static JsonNode json(FakeDaemon.Request request) throws IOException {
        return Json.parse(request.body());
    }

    /** An exec whose stream says hello on stdout and oops on stderr, then ends with the given code. */
    private void execEnding(int exitCode) {
        cli.daemon.on("POST /v1.41/exec/e1/start", (r, x) -> {
            x.upgrade();
            x.out().write(FakeDaemon.frame(1, "hello\n"));
            x.out().write(FakeDaemon.frame(2, "oops\n"));
            x.out().flush();
            x.close();
        });
        cli.daemon.on("GET /v1.41/exec/e1/json", (r, x) -> x.json(200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":" + exitCode + "}"));
    }

    @Test
    void execCreatesStartsStreamsAndExitsWithTheExitCode() throws IOException {
        execEnding(3);
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "# comment\nFROM_FILE=1\n");
        int code = cli.run("", "exec", "-u", "1000", "-w", "/tmp", "-e", "A=b", "--env-file", envFile.toString(),
                "--privileged", "web", "sh", "-c", "echo hi; exit 3");
        assertEquals(3, code, cli.err());
        assertEquals("hello\n", cli.out());
        assertEquals("oops\n", cli.err());
        JsonNode config = json(cli.daemon.lastRequest("POST /v1.41/containers/web/exec"));
        assertEquals("{\"User\":\"1000\",\"Privileged\":true,\"Tty\":false,\"AttachStdin\":false,\"AttachStderr\":true,"
                + "\"AttachStdout\":true,\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"FROM_FILE=1\",\"A=b\"],"
                + "\"WorkingDir\":\"/tmp\",\"Cmd\":[\"sh\",\"-c\",\"echo hi; exit 3\"]}", config.toString());
        FakeDaemon.Request start = cli.daemon.lastRequest("POST /v1.41/exec/e1/start");
        assertEquals("{\"Detach\":false,\"Tty\":false}", start.bodyText());
        assertEquals("Upgrade", start.header("Connection"));
        assertEquals("tcp", start.header("Upgrade"));
        assertEquals("application/json", start.header("Content-Type"));
        assertNotNull(cli.daemon.lastRequest("GET /v1.41/exec/e1/json"));
    }

    @Test
    void aZeroExitCodeIsSuccess() {
        execEnding(0);
        assertEquals(0, cli.run("", "exec", "web", "true"));
    }

    @Test
    void interactiveExecSendsStdinAndHalfCloses() throws IOException {
        CountDownLatch sawEnd = new CountDownLatch(1);
        cli.daemon.on("POST /v1.41/exec/e1/start", (r, x) -> {
            x.upgrade();
            byte[] input = x.in().readAllBytes();
            sawEnd.countDown();
            x.out().write(FakeDaemon.frame(1, "got " + new String(input, StandardCharsets.UTF_8)));
            x.out().flush();
            x.close();
        });
        cli.daemon.on("GET /v1.41/exec/e1/json", (r, x) -> x.json(200, "{\"ExitCode\":0}"));
        assertEquals(0, cli.run("line one\n", "exec", "-i", "web", "cat"), cli.err());
        assertEquals("got line one\n", cli.out());
        assertEquals(0, sawEnd.getCount());
        assertEquals(true, json(cli.daemon.lastRequest("POST /v1.41/containers/web/exec")).get("AttachStdin").asBoolean());
    }

    @Test
    void detachedExecPrintsNothing() throws IOException {
        cli.daemon.on("POST /v1.41/exec/e1/start", (r, x) -> x.noContent());
        assertEquals(0, cli.run("", "exec", "-d", "web", "sleep", "10"), cli.err());
        assertEquals("", cli.out());
        assertEquals("", cli.err());
        JsonNode config = json(cli.daemon.lastRequest("POST /v1.41/containers/web/exec"));
        assertEquals(true, config.get("Detach").asBoolean());
        assertEquals(false, config.get("AttachStdout").asBoolean());
        FakeDaemon.Request start = cli.daemon.lastRequest("POST /v1.41/exec/e1/start");
        assertEquals("{\"Detach\":true,\"Tty\":false}", start.bodyText());
        assertNull(start.header("Upgrade"));
        assertNull(cli.daemon.lastRequest("GET /v1.41/exec/e1/json"));
    }

    @Test
    void aMissingContainerIsReportedBeforeAnyExecIsCreated() {
        cli.daemon.on("GET /v1.41/containers/nope/json", (r, x) -> x.json(404, "{\"message\":\"No such container: nope\"}"));
        assertEquals(1, cli.run("", "exec", "nope", "ls"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/nope/exec"));
    }

    @Test
    void aStoppedContainerGetsTheDaemonsError() {
        cli.daemon.on("POST /v1.41/containers/web/exec", (r, x) -> x.json(409, "{\"message\":\"container abc is not running\"}"));
        assertEquals(1, cli.run("", "exec", "web", "ls"));
        assertEquals("Error response from daemon: container abc is not running\n", cli.err());
    }

    @Test
    void ttyWithoutATerminalIsRefusedAsDockerDoes() {
        assertEquals(1, cli.run("", "exec", "-it", "web", "sh"));
        assertEquals("the input device is not a TTY\n", cli.err());
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/web/exec"));
    }

    @Test
    void ttyExecIsRawSizedAndDetachesWithTheKeys() throws Exception {
        FakeTerminal terminal = FakeTerminal.interactive(40, 120);
        cli.terminal(terminal);
        CountDownLatch resized = new CountDownLatch(1);
        cli.daemon.on("POST /v1.41/exec/e1/resize", (r, x) -> {
            x.json(200, "{}");
            resized.countDown();
        });
        cli.daemon.on("POST /v1.41/exec/e1/start", (r, x) -> {
            x.upgrade();
            x.write("$ ");
            // a shell that stays: the connection is only closed by the client
            x.in().readAllBytes();
        });
        InputStream keys = new java.io.ByteArrayInputStream(new byte[] {'l', 's', 16, 17});
        int code = cli.run(keys, "exec", "-it", "web", "sh");
        assertEquals(1, code);
        assertEquals("read escape sequence\n", cli.err());
        assertTrue(resized.await(5, TimeUnit.SECONDS));
        assertEquals("h=40&w=120", cli.daemon.lastRequest("POST /v1.41/exec/e1/resize").query());
        assertEquals("{\"Detach\":false,\"Tty\":true}", cli.daemon.lastRequest("POST /v1.41/exec/e1/start").bodyText());
        assertEquals(1, terminal.rawEntered());
        assertEquals(1, terminal.rawRestored());
        assertEquals(0, terminal.resizeListeners());
        assertEquals(List.of(), cli.daemon.requests("GET /v1.41/exec/e1/json"));
    }

    @Test
    void execNeedsACommand() {
        assertEquals(1, cli.run("", "exec", "web"));
        assertTrue(cli.err().startsWith("berth: 'berth exec' requires at least 2 arguments\n\nUsage:  berth exec [OPTIONS] CONTAINER COMMAND [ARG...]"),
                cli.err());
    }
}
