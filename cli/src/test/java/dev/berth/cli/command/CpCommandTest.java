package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.copy.Tars;
import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth cp both ways: the archive requests docker's CLI makes and where the files land. */
class CpCommandTest {
    private static final long DIR = 1L << 31;

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

    private static String stat(String name, long mode, String linkTarget) {
        String json = "{\"name\":\"" + name + "\",\"size\":10,\"mode\":" + mode + ",\"mtime\":\"2026-11-29T21:00:00Z\",\"linkTarget\":\""
                + linkTarget + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** GET /containers/web/archive answers this tar and stat for any path. */
    private void archive(byte[] tar, String stat) {
        cli.daemon.on("GET /v1.41/containers/web/archive", (r, x) ->
                x.respond(200, Map.of("Content-Type", "application/x-tar", "X-Docker-Container-Path-Stat", stat), tar));
    }

    @Test
    void aFileToANewLocalNameIsRenamed() throws IOException {
        archive(new Tars().file("hosts", "127.0.0.1 localhost\n").bytes(), stat("hosts", 0644, ""));
        Path target = dir.resolve("copied.txt");
        assertEquals(0, cli.run("", "cp", "web:/etc/hosts", target.toString()), cli.err());
        assertEquals("127.0.0.1 localhost\n", Files.readString(target));
        assertEquals("path=/etc/hosts", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/containers/web/archive").query()));
        assertEquals("", cli.out() + cli.err());
        assertFalse(Files.exists(dir.resolve("hosts")));
    }

    @Test
    void aDirectoryGoesIntoAnExistingDirectoryOrBecomesTheNewName() throws IOException {
        byte[] tar = new Tars().dir("app/").file("app/a", "A").dir("app/sub/").file("app/sub/b", "B").bytes();
        archive(tar, stat("app", DIR | 0755, ""));
        Path existing = Files.createDirectory(dir.resolve("existing"));
        assertEquals(0, cli.run("", "cp", "web:/srv/app", existing.toString()), cli.err());
        assertEquals("B", Files.readString(existing.resolve("app/sub/b")));
        assertEquals(0, cli.run("", "container", "cp", "web:/srv/app", dir.resolve("fresh").toString()), cli.err());
        assertEquals("A", Files.readString(dir.resolve("fresh/a")));
        Files.writeString(dir.resolve("plain"), "x");
        assertEquals(1, cli.run("", "cp", "web:/srv/app", dir.resolve("plain").toString()));
        assertEquals("cannot copy directory\n", cli.err());
    }

    @Test
    void aFileIntoAMissingDirectoryIsRefusedAsDockerDoes() throws IOException {
        archive(new Tars().file("hosts", "x").bytes(), stat("hosts", 0644, ""));
        assertEquals(1, cli.run("", "cp", "web:/etc/hosts", dir.resolve("nodir") + "/"));
        assertEquals("no such directory\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "cp", "web:/etc/hosts", dir.resolve("no/such/place").toString()));
        assertEquals("invalid output path: directory \"" + dir.resolve("no/such") + "\" does not exist\n", cli.err());
    }

    @Test
    void aHostileArchiveNeverWritesOutsideTheDestination() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        archive(new Tars().dir("app/").symlink("app/link", outside.toString()).file("app/link/evil", "x").bytes(), stat("app", DIR | 0755, ""));
        Path target = Files.createDirectory(dir.resolve("target"));
        assertEquals(1, cli.run("", "cp", "web:/app", target.toString()));
        assertTrue(cli.err().contains("is outside of"), cli.err());
        assertFalse(Files.exists(outside.resolve("evil")));
        cli.reset();
        archive(new Tars().file("../../escaped", "x").bytes(), stat("escaped", 0644, ""));
        assertEquals(1, cli.run("", "cp", "web:/escaped", target.toString()));
        assertTrue(cli.err().contains("is outside of"), cli.err());
        assertFalse(Files.exists(dir.resolve("escaped")));
        assertFalse(Files.exists(dir.getParent().resolve("escaped")));
    }

    @Test
    void dashStreamsTheRawTarToStdout() throws IOException {
        byte[] tar = new Tars().file("hosts", "x").bytes();
        archive(tar, stat("hosts", 0644, ""));
        assertEquals(0, cli.run("", "cp", "web:/etc/hosts", "-"), cli.err());
        assertArrayEquals(tar, cli.out.toByteArray());
    }

    @Test
    void aClosedStdoutEndsTheCopySilentlyAsSigpipeWould() throws IOException {
        archive(new Tars().file("hosts", "x".repeat(64 * 1024)).bytes(), stat("hosts", 0644, ""));
        java.io.OutputStream closedPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        dev.berth.cli.io.Io io = dev.berth.cli.io.Io.of(new java.io.ByteArrayInputStream(new byte[0]), closedPipe, err);
        String[] args = {"cp", "web:/etc/hosts", "-"};
        int code = CommandTree.forArguments(io, Map.of("DOCKER_HOST", cli.daemon.address()), dev.berth.cli.testing.FakeTerminal::none, args).execute(args);
        io.flush();
        assertEquals(141, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing said, as a process ended by SIGPIPE");
    }

    @Test
    void aMissingSourceGetsTheDaemonsMessage() {
        cli.daemon.on("GET /v1.41/containers/web/archive", (r, x) -> x.json(404,
                "{\"message\":\"Could not find the file /nope in container web\"}"));
        assertEquals(1, cli.run("", "cp", "web:/nope", dir.toString()));
        assertEquals("Error response from daemon: Could not find the file /nope in container web\n", cli.err());
    }

    @Test
    void followLinkResolvesTheSourceAndKeepsItsName() throws IOException {
        cli.daemon.on("HEAD /v1.41/containers/web/archive", (r, x) ->
                x.respond(200, Map.of("X-Docker-Container-Path-Stat", stat("current", (1L << 27) | 0777, "releases/v2")), new byte[0]));
        archive(new Tars().file("v2", "two").bytes(), stat("v2", 0644, ""));
        Path into = Files.createDirectory(dir.resolve("into"));
        assertEquals(0, cli.run("", "cp", "-L", "web:/srv/current", into.toString()), cli.err());
        assertEquals("path=/srv/releases/v2", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/containers/web/archive").query()));
        assertEquals("two", Files.readString(into.resolve("current")));
    }

    /** PUT /containers/web/archive accepted; HEAD answers the stat given, or 404 when null. */
    private void upload(String destinationStat) {
        cli.daemon.on("HEAD /v1.41/containers/web/archive", (r, x) -> {
            if (destinationStat == null) {
                x.respond(404, Map.of(), new byte[0]);
            } else {
                x.respond(200, Map.of("X-Docker-Container-Path-Stat", destinationStat), new byte[0]);
            }
        });
        cli.daemon.on("PUT /v1.41/containers/web/archive", (r, x) -> x.respond(200, Map.of(), new byte[0]));
    }

    @Test
    void aLocalDirectoryIntoAnExistingContainerDirectory() throws IOException {
        upload(stat("srv", DIR | 0755, ""));
        Path source = Files.createDirectories(dir.resolve("site/css"));
        Files.writeString(dir.resolve("site/index.html"), "<h1>hi</h1>");
        Files.writeString(source.resolve("a.css"), "body{}");
        Files.createSymbolicLink(dir.resolve("site/home.html"), Path.of("index.html"));
        assertEquals(0, cli.run("", "cp", "-a", dir.resolve("site").toString(), "web:/srv"), cli.err());
        FakeDaemon.Request put = cli.daemon.lastRequest("PUT /v1.41/containers/web/archive");
        assertEquals("path=/srv&noOverwriteDirNonDir=true&copyUIDGID=true", CliHarness.decode(put.query()));
        assertEquals("path=/srv", CliHarness.decode(cli.daemon.lastRequest("HEAD /v1.41/containers/web/archive").query()));
        Map<String, String> entries = Tars.read(put.body());
        assertEquals("<h1>hi</h1>", entries.get("site/index.html"));
        assertEquals("body{}", entries.get("site/css/a.css"));
        assertEquals("->index.html", entries.get("site/home.html"));
        assertTrue(entries.containsKey("site/") && entries.containsKey("site/css/"), entries.toString());
    }

    @Test
    void aLocalFileToANewContainerNameGoesToItsParentRenamed() throws IOException {
        upload(null);
        Path file = Files.writeString(dir.resolve("app.conf"), "x=1\n");
        assertEquals(0, cli.run("", "cp", file.toString(), "web:/etc/app/renamed.conf"), cli.err());
        FakeDaemon.Request put = cli.daemon.lastRequest("PUT /v1.41/containers/web/archive");
        assertEquals("path=/etc/app&noOverwriteDirNonDir=true", CliHarness.decode(put.query()));
        assertEquals(Map.of("renamed.conf", "x=1\n"), Tars.read(put.body()));
    }

    @Test
    void theContentsOfADirectoryWithATrailingDot() throws IOException {
        upload(stat("srv", DIR | 0755, ""));
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "i");
        assertEquals(0, cli.run("", "cp", dir.resolve("site") + "/.", "web:/srv"), cli.err());
        List<String> names = Tars.names(cli.daemon.lastRequest("PUT /v1.41/containers/web/archive").body());
        assertTrue(names.contains("./index.html"), names.toString());
    }

    @Test
    void stdinTarNeedsADirectoryDestination() throws IOException {
        upload(stat("f", 0644, ""));
        assertEquals(1, cli.run("", "cp", "-", "web:/etc/hosts"));
        assertEquals("destination \"web:/etc/hosts\" must be a directory\n", cli.err());
        assertNull(cli.daemon.lastRequest("PUT /v1.41/containers/web/archive"));
        upload(stat("tmp", DIR | 01777, ""));
        byte[] tar = new Tars().file("from-stdin", "s").bytes();
        cli.reset();
        assertEquals(0, cli.run(new java.io.ByteArrayInputStream(tar), "cp", "-", "web:/tmp"), cli.err());
        FakeDaemon.Request put = cli.daemon.lastRequest("PUT /v1.41/containers/web/archive");
        assertEquals("path=/tmp&noOverwriteDirNonDir=true", CliHarness.decode(put.query()));
        assertArrayEquals(tar, put.body());
    }

    @Test
    void aMissingLocalSourceAndBadDirections() throws IOException {
        upload(stat("srv", DIR | 0755, ""));
        assertEquals(1, cli.run("", "cp", dir.resolve("nothing").toString(), "web:/srv"));
        assertEquals("lstat " + dir.resolve("nothing") + ": no such file or directory\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "cp", "a:/x", "b:/y"));
        assertEquals("copying between containers is not supported\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "cp", "./a:b", "/tmp/x"));
        assertEquals("must specify at least one container source\n", cli.err());
        assertNull(cli.daemon.lastRequest("PUT /v1.41/containers/web/archive"));
    }

    @Test
    void theDaemonRefusingTheUploadIsReported() throws IOException {
        cli.daemon.on("HEAD /v1.41/containers/web/archive", (r, x) ->
                x.respond(200, Map.of("X-Docker-Container-Path-Stat", stat("ro", DIR | 0755, "")), new byte[0]));
        cli.daemon.on("PUT /v1.41/containers/web/archive", (r, x) -> x.json(403,
                "{\"message\":\"container rootfs is marked read-only\"}"));
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(1, cli.run("", "cp", file.toString(), "web:/ro"));
        assertEquals("Error response from daemon: container rootfs is marked read-only\n", cli.err());
    }
}
