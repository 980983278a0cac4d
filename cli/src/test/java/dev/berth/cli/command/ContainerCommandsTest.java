package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restart, pause, unpause, rename, top, diff, commit, export, port, update: requests, output, errors. */
class ContainerCommandsTest {
    private static final String NO_SUCH = "{\"message\":\"No such container: nope\"}";

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
    void restartPauseAndUnpausePrintEachNameAndReportFailures() {
        cli.daemon.on("POST /v1.41/containers/a/restart", (r, x) -> x.noContent());
        cli.daemon.on("POST /v1.41/containers/nope/restart", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "restart", "-t", "3", "a", "nope"));
        assertEquals("a\n", cli.out());
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
        assertEquals("t=3", cli.daemon.lastRequest("POST /v1.41/containers/a/restart").query());
        cli.reset();
        assertEquals(0, cli.run("", "container", "restart", "a"));
        assertEquals("", cli.daemon.lastRequest("POST /v1.41/containers/a/restart").query());
        cli.reset();
        cli.daemon.on("POST /v1.41/containers/a/pause", (r, x) -> x.noContent());
        cli.daemon.on("POST /v1.41/containers/a/unpause", (r, x) -> x.noContent());
        assertEquals(0, cli.run("", "pause", "a"));
        assertEquals(0, cli.run("", "container", "unpause", "a"));
        assertEquals("a\na\n", cli.out());
        cli.daemon.on("POST /v1.41/containers/b/pause", (r, x) -> x.json(409, "{\"message\":\"container b is not running\"}"));
        cli.reset();
        assertEquals(1, cli.run("", "pause", "b"));
        assertEquals("Error response from daemon: container b is not running\n", cli.err());
    }

    @Test
    void renameSendsTheNewNameAndPrintsNothing() {
        cli.daemon.on("POST /v1.41/containers/old/rename", (r, x) -> x.noContent());
        assertEquals(0, cli.run("", "rename", "old", "new"));
        assertEquals("", cli.out() + cli.err());
        assertEquals("name=new", cli.daemon.lastRequest("POST /v1.41/containers/old/rename").query());
        cli.daemon.on("POST /v1.41/containers/nope/rename", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "container", "rename", "nope", "x"));
        assertEquals("Error response from daemon: No such container: nope\nError: failed to rename container named nope\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "rename", "only-one"));
        assertTrue(cli.err().startsWith("berth: 'berth rename' requires 2 arguments"), cli.err());
    }

    @Test
    void topPassesPsArgumentsAndAlignsLikeDocker() {
        cli.daemon.on("GET /v1.41/containers/web/top", (r, x) -> x.json(200,
                "{\"Titles\":[\"UID\",\"PID\",\"CMD\"],\"Processes\":[[\"root\",\"4242\",\"sleep 300\"],[\"nobody\",\"7\",\"sh\"]]}"));
        assertEquals(0, cli.run("", "top", "web", "-eo", "uid,pid,cmd"), cli.err());
        assertEquals("ps_args=-eo uid,pid,cmd", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/containers/web/top").query()));
        assertEquals("""
                UID                 PID                 CMD
                root                4242                sleep 300
                nobody              7                   sh
                """, cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "container", "top", "web"));
        assertEquals("", cli.daemon.lastRequest("GET /v1.41/containers/web/top").query());
    }

    @Test
    void topOfAMissingContainer() {
        cli.daemon.on("GET /v1.41/containers/nope/top", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "top", "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
    }

    @Test
    void diffPrintsKindsAsLetters() {
        cli.daemon.on("GET /v1.41/containers/web/changes", (r, x) -> x.json(200,
                "[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/new\",\"Kind\":1},{\"Path\":\"/tmp/gone\",\"Kind\":2}]"));
        assertEquals(0, cli.run("", "diff", "web"));
        assertEquals("C /etc\nA /etc/new\nD /tmp/gone\n", cli.out());
        cli.daemon.on("GET /v1.41/containers/nope/changes", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "container", "diff", "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
    }

    @Test
    void commitSendsDockersQueryAndPrintsTheId() {
        cli.daemon.on("POST /v1.41/commit", (r, x) -> x.json(201, "{\"Id\":\"sha256:0123abcd\"}"));
        assertEquals(0, cli.run("", "commit", "-a", "Ann <a@b>", "-m", "first", "-c", "ENV A=1", "-c", "CMD [\"sh\"]",
                "--pause=false", "web", "acc/img:v1"), cli.err());
        assertEquals("sha256:0123abcd\n", cli.out());
        assertEquals("container=web&repo=acc/img&tag=v1&comment=first&author=Ann <a@b>&changes=ENV A=1&changes=CMD [\"sh\"]&pause=0",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/commit").query()));
        assertEquals(0, cli.daemon.lastRequest("POST /v1.41/commit").body().length);
        assertEquals(0, cli.run("", "container", "commit", "web"));
        assertEquals("container=web&repo=&tag=&comment=&author=", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/commit").query()));
        assertEquals(0, cli.run("", "commit", "web", "plain"));
        assertEquals("container=web&repo=plain&tag=latest&comment=&author=", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/commit").query()));
    }

    @Test
    void commitOfAMissingContainer() {
        cli.daemon.on("POST /v1.41/commit", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "commit", "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
    }

    @Test
    void exportWritesTheTarToStdoutOrAFileButNeverATerminal() throws IOException {
        byte[] tar = new byte[5000];
        new java.util.Random(7).nextBytes(tar);
        cli.daemon.on("GET /v1.41/containers/web/export", (r, x) -> x.respond(200, Map.of("Content-Type", "application/x-tar"), tar));
        assertEquals(0, cli.run("", "export", "web"), cli.err());
        assertArrayEquals(tar, cli.out.toByteArray());
        cli.reset();
        Path file = dir.resolve("web.tar");
        assertEquals(0, cli.run("", "container", "export", "-o", file.toString(), "web"), cli.err());
        assertArrayEquals(tar, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tar")).count());
        cli.terminal(new FakeTerminal(false, true, null));
        int before = cli.daemon.requests("GET /v1.41/containers/web/export").size();
        assertEquals(1, cli.run("", "export", "web"));
        assertEquals("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", cli.err());
        assertEquals(before, cli.daemon.requests("GET /v1.41/containers/web/export").size());
    }

    @Test
    void exportOfAMissingContainerLeavesNoFile() {
        cli.daemon.on("GET /v1.41/containers/nope/export", (r, x) -> x.json(404, NO_SUCH));
        Path file = dir.resolve("out.tar");
        assertEquals(1, cli.run("", "export", "-o", file.toString(), "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
        assertTrue(Files.notExists(file));
    }

    @Test
    void portListsMappingsInNaturalOrderOrOne() {
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200, "{\"NetworkSettings\":{\"Ports\":{"
                + "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"::\",\"HostPort\":\"8080\"}],"
                + "\"9/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"9999\"}],\"443/tcp\":null}}}"));
        assertEquals(0, cli.run("", "port", "web"));
        assertEquals("9/udp -> 127.0.0.1:9999\n80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "container", "port", "web", "80"));
        assertEquals("0.0.0.0:8080\n[::]:8080\n", cli.out());
        cli.reset();
        assertEquals(1, cli.run("", "port", "web", "443/tcp"));
        assertEquals("Error: No public port '443/tcp' published for web\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "port", "web", "http"));
        assertEquals("Error: invalid port (http): strconv.ParseUint: parsing \"http\": invalid syntax\n", cli.err());
    }

    @Test
    void updateSendsTheResourcesAndPrintsTheNames() throws IOException {
        cli.daemon.on("POST /v1.41/containers/a/update", (r, x) -> x.json(200, "{\"Warnings\":[\"careful\"]}"));
        cli.daemon.on("POST /v1.41/containers/nope/update", (r, x) -> x.json(404, NO_SUCH));
        assertEquals(1, cli.run("", "update", "-m", "256m", "--cpus", "1.5", "--pids-limit", "100", "--restart", "on-failure:2", "a", "nope"));
        assertEquals("a\ncareful\n", cli.out());
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
        String body = cli.daemon.lastRequest("POST /v1.41/containers/a/update").bodyText();
        assertTrue(body.contains("\"Memory\":268435456"), body);
        assertTrue(body.contains("\"NanoCpus\":1500000000"), body);
        assertTrue(body.contains("\"PidsLimit\":100"), body);
        assertTrue(body.contains("\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}"), body);
        cli.reset();
        assertEquals(1, cli.run("", "update", "a"));
        assertEquals("you must provide one or more flags when using this command\n", cli.err());
        cli.reset();
        assertEquals(125, cli.run("", "update", "-m", "lots", "a"));
        assertTrue(cli.err().startsWith("berth: invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'"), cli.err());
    }

    @Test
    void aMissingArgumentIsReportedWithoutCallingTheDaemon() {
        assertEquals(1, cli.run("", "diff"));
        assertTrue(cli.err().startsWith("berth: 'berth diff' requires 1 argument"), cli.err());
        assertEquals(java.util.List.of(), cli.daemon.requests());
    }

    @Test
    void naturalOrderPutsDigitsFirstAndComparesNumbersByValue() {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("b", "10/tcp", "9/tcp", "a1", "a01", "a", "9/udp"));
        lines.sort(NaturalOrder.INSTANCE);
        assertEquals(java.util.List.of("9/tcp", "9/udp", "10/tcp", "a", "a1", "a01", "b"), lines);
    }
}
