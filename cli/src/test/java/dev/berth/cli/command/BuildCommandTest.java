package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.copy.Tars;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth build: the request docker's legacy build client makes, the context tar it streams, and how the answer is shown. */
class BuildCommandTest {
    static final String ID = "sha256:4f1b2cbd7b51d7e8b9f5b0e7c0ac5e8b1e9d8b3c2a1f0e9d8c7b6a5f4e3d2c1b";
    static final List<String> TYPICAL_STREAM = List.of(
            "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\r\n",
            "{\"stream\":\" ---> 1c35c4412082\\n\"}\r\n",
            "{\"stream\":\"Step 2/2 : COPY a.txt /\\n\"}\r\n",
            "{\"stream\":\" ---> 8d9e0f1a2b3c\\n\"}\r\n",
            "{\"aux\":{\"ID\":\"" + ID + "\"}}\r\n",
            "{\"stream\":\"Successfully built 4f1b2cbd7b51\\n\"}\r\n",
            "{\"stream\":\"Successfully tagged app:1\\n\"}\r\n");

    @TempDir
    Path dir;
    CliHarness cli;
    Path context;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        context = Files.createDirectories(dir.resolve("ctx"));
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    private void answer(List<String> messages) {
        cli.daemon.on("POST /v1.41/build", (r, x) -> x.chunked(200, messages));
    }

    private FakeDaemon.Request build() {
        return cli.daemon.lastRequest("POST /v1.41/build");
    }

    /** The query as name=value pairs in the order sent, values decoded. */
    private static List<String> params(FakeDaemon.Request request) {
        List<String> params = new ArrayList<>();
        for (String pair : request.query().split("&")) {
            params.add(CliHarness.decode(pair));
        }
        return params;
    }

    private static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private void write(String name, String content) throws IOException {
        Path file = context.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void aTypicalBuildSendsDockersQueryAndPrintsTheStream() throws IOException {
        write("Dockerfile", "FROM busybox\nCOPY a.txt /\n");
        write("a.txt", "A");
        answer(TYPICAL_STREAM);
        int code = cli.run("", "build", "-t", "app:1", "-t", "registry.local:5000/team/app", "--build-arg", "V=1",
                "--build-arg", "DOCKER_HOST", "--build-arg", "UNSET_ONE", "--label", "b=2", "--label", "a", "--no-cache",
                "--pull", "--target", "final", "--network", "host", "--platform", "Linux/AMD64", context.toString());
        assertEquals(0, code, cli.err());
        FakeDaemon.Request request = build();
        assertEquals(List.of("buildargs={\"DOCKER_HOST\":\"" + cli.daemon.address() + "\",\"UNSET_ONE\":null,\"V\":\"1\"}",
                "dockerfile=Dockerfile", "labels={\"a\":\"\",\"b\":\"2\"}", "networkmode=host", "nocache=1", "platform=linux/amd64",
                "pull=1", "t=app:1", "t=registry.local:5000/team/app", "target=final", "version=1"), params(request));
        assertEquals("application/x-tar", request.header("Content-Type"));
        assertEquals("chunked", request.header("Transfer-Encoding"));
        assertEquals("e30=", request.header("X-Registry-Config"));
        assertEquals("Sending build context to Docker daemon  " + Humanize.size4(request.body().length) + "\r\r\n"
                + "Step 1/2 : FROM busybox\n ---> 1c35c4412082\nStep 2/2 : COPY a.txt /\n ---> 8d9e0f1a2b3c\n"
                + "Successfully built 4f1b2cbd7b51\nSuccessfully tagged app:1\n", cli.out());
        assertEquals("", cli.err());
    }

    @Test
    void theContextIsTheDirectoryInLexicalOrderOwnedByRootWithDockerignoreApplied() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write(".dockerignore", "# comment\n*.log\nsecret\nvendor\n!vendor/keep/\n");
        write("b.txt", "B");
        write("a.txt", "A");
        write("debug.log", "x");
        write("secret/key", "k");
        write("src/main.c", "int main;");
        write("src/trace.log", "not matched: *.log is for the top level only");
        write("vendor/drop/x", "x");
        write("vendor/keep/y", "y");
        Files.createSymbolicLink(context.resolve("link"), Path.of("a.txt"));
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", context.toString()), cli.err());
        Map<String, TarArchiveEntry> entries = entries(build().body());
        assertEquals(List.of(".dockerignore", "Dockerfile", "a.txt", "b.txt", "link", "src/", "src/main.c", "src/trace.log",
                "vendor/keep/", "vendor/keep/y"), new ArrayList<>(entries.keySet()));
        for (TarArchiveEntry entry : entries.values()) {
            assertEquals(0, entry.getLongUserId(), entry.getName());
            assertEquals(0, entry.getLongGroupId(), entry.getName());
            assertEquals("", entry.getUserName(), entry.getName());
        }
        assertTrue(entries.get("link").isSymbolicLink());
        assertEquals("a.txt", entries.get("link").getLinkName());
        assertTrue(entries.get("src/").isDirectory());
        assertEquals("A", Tars.read(build().body()).get("a.txt"));
    }

    @Test
    void dockerfileAndDockerignoreAreSentEvenWhenExcluded() throws IOException {
        write("build/Dockerfile.dev", "FROM scratch\n");
        write(".dockerignore", ".dockerignore\nbuild\n*.txt\n");
        write("a.txt", "A");
        write("build/other", "o");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", "-f", context.resolve("build/Dockerfile.dev").toString(), context.toString()), cli.err());
        assertEquals(List.of(".dockerignore", "build/Dockerfile.dev"), Tars.names(build().body()));
        assertTrue(params(build()).contains("dockerfile=build/Dockerfile.dev"));
    }

    @Test
    void aDockerfileOutsideTheContextIsAddedUnderAGeneratedName() throws IOException {
        write("a.txt", "A");
        Path outside = Files.writeString(dir.resolve("Dockerfile.outside"), "FROM busybox\nCOPY a.txt /\n");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", "-f", outside.toString(), context.toString()), cli.err());
        Map<String, String> files = Tars.read(build().body());
        String generated = files.keySet().stream().filter(n -> n.startsWith(".dockerfile.")).findFirst().orElseThrow();
        assertTrue(generated.matches("\\.dockerfile\\.[0-9a-f]{20}"), generated);
        assertEquals("FROM busybox\nCOPY a.txt /\n", files.get(generated));
        assertEquals(".dockerignore\n" + generated + "\n", files.get(".dockerignore"));
        assertEquals(List.of("a.txt", generated, ".dockerignore"), new ArrayList<>(files.keySet()));
        assertTrue(params(build()).contains("dockerfile=" + generated));
    }

    @Test
    void anOutsideDockerfileIsAppendedToAnExistingDockerignore() throws IOException {
        write("a.txt", "A");
        write(".dockerignore", "*.md");
        Path outside = Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", "--file", outside.toString(), context.toString()), cli.err());
        Map<String, String> files = Tars.read(build().body());
        String generated = files.keySet().stream().filter(n -> n.startsWith(".dockerfile.")).findFirst().orElseThrow();
        assertEquals("*.md\n" + generated + "\n", files.get(".dockerignore"));
    }

    @Test
    void quietPrintsOnlyTheImageIdAndIidfileGetsIt() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(List.of("{\"aux\":{\"ID\":\"" + ID + "\"}}\r\n", "{\"stream\":\"" + ID + "\\n\"}\r\n"));
        Path iid = dir.resolve("iid");
        Files.writeString(iid, "stale");
        assertEquals(0, cli.run("", "build", "-q", "--iidfile", iid.toString(), context.toString()), cli.err());
        assertEquals(ID + "\n", cli.out());
        assertEquals("", cli.err());
        assertEquals(ID + "\n", Files.readString(iid), "docker writes what -q printed");
        assertTrue(params(build()).contains("q=1"));
    }

    @Test
    void iidfileTakesTheAuxIdWithoutQuiet() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(TYPICAL_STREAM);
        Path iid = dir.resolve("id.txt");
        assertEquals(0, cli.run("", "image", "build", "--iidfile", iid.toString(), context.toString()), cli.err());
        assertEquals(ID, Files.readString(iid));
        assertFalse(cli.out().contains(ID));
    }

    @Test
    void iidfileWithoutAnIdFromTheDaemonFails() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(List.of("{\"stream\":\"Step 1/1 : FROM busybox\\n\"}\r\n"));
        Path iid = dir.resolve("iid");
        assertEquals(1, cli.run("", "build", "--iidfile", iid.toString(), context.toString()));
        assertEquals("Server did not provide an image ID. Cannot write " + iid + "\n", cli.err());
        assertFalse(Files.exists(iid));
    }

    @Test
    void anErrorInTheStreamGoesToStderrWithItsCode() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN exit 3\n");
        answer(List.of("{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\r\n", "{\"stream\":\"Step 2/2 : RUN exit 3\\n\"}\r\n",
                "{\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"},"
                        + "\"error\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"}\r\n",
                "{\"stream\":\"never shown\\n\"}\r\n"));
        assertEquals(3, cli.run("", "build", context.toString()));
        assertTrue(cli.out().endsWith("Step 1/2 : FROM busybox\nStep 2/2 : RUN exit 3\n"), cli.out());
        assertEquals("The command '/bin/sh -c exit 3' returned a non-zero code: 3\n", cli.err());
    }

    @Test
    void anErrorWithoutCodeExitsOneAndQuietShowsWhatItHeldBack() throws IOException {
        write("Dockerfile", "FROM nothing\n");
        answer(List.of("{\"stream\":\"Step 1/1 : FROM nothing\\n\"}\r\n",
                "{\"errorDetail\":{\"message\":\"pull access denied for nothing\"},\"error\":\"pull access denied for nothing\"}\r\n"));
        assertEquals(1, cli.run("", "build", "-q", context.toString()));
        assertEquals("", cli.out());
        assertTrue(cli.err().startsWith("Sending build context to Docker daemon  "), cli.err());
        assertTrue(cli.err().endsWith("\r\r\nStep 1/1 : FROM nothing\npull access denied for nothing\n"), cli.err());
    }

    @Test
    void aRejectedRequestIsADaemonError() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        cli.daemon.on("POST /v1.41/build", (r, x) -> x.json(500, "{\"message\":\"builder is busy\"}"));
        assertEquals(1, cli.run("", "build", context.toString()));
        assertEquals("Error response from daemon: builder is busy\n", cli.err());
    }

    @Test
    void aDockerfileOnStdinBecomesAOneFileContext() throws IOException {
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("FROM busybox\nRUN true\n", "build", "-"), cli.err());
        assertEquals(Map.of("Dockerfile", "FROM busybox\nRUN true\n"), Tars.read(build().body()));
        assertTrue(params(build()).contains("dockerfile=Dockerfile"));
    }

    @Test
    void aTarOnStdinIsSentAsItIs() throws IOException {
        byte[] tar = new Tars().file("Dockerfile", "FROM busybox\n").file("x", "X").bytes();
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run(new ByteArrayInputStream(tar), "build", "-f", "Dockerfile", "-"), cli.err());
        assertEquals(List.of(Byte.toString(tar[0]), Integer.toString(tar.length)),
                List.of(Byte.toString(build().body()[0]), Integer.toString(build().body().length)));
        assertTrue(java.util.Arrays.equals(tar, build().body()));
        assertTrue(params(build()).contains("dockerfile=Dockerfile"));
    }

    @Test
    void aDockerfileFromStdinWithADirectoryContext() throws IOException {
        write("a.txt", "A");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("FROM busybox\n", "build", "-f", "-", context.toString()), cli.err());
        Map<String, String> files = Tars.read(build().body());
        String generated = files.keySet().stream().filter(n -> n.startsWith(".dockerfile.")).findFirst().orElseThrow();
        assertEquals("FROM busybox\n", files.get(generated));
    }

    @Test
    void contextErrorsAreDockers() throws IOException {
        assertEquals(1, cli.run("", "build", dir.resolve("nope").toString()));
        assertEquals("unable to prepare context: path \"" + dir.resolve("nope") + "\" not found\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "build", context.toString()));
        assertEquals("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                + context.toRealPath().resolve("Dockerfile") + ": no such file or directory\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "build", "-f", "-", "-"));
        assertEquals("invalid argument: can't use stdin for both build context and dockerfile\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("FROM busybox\n", "build", "-f", "Dockerfile", "-"));
        assertEquals("unable to prepare context from STDIN: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles\n", cli.err());
        assertTrue(cli.daemon.requests("POST /v1.41/build").isEmpty());
    }

    @Test
    void aLowercaseDockerfileIsFoundAsDockerFindsIt() throws IOException {
        write("dockerfile", "FROM busybox\n");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", context.toString()), cli.err());
        assertTrue(params(build()).contains("dockerfile=dockerfile"));
    }

    @Test
    void badFlagValuesAreUsageErrors() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        assertEquals(125, cli.run("", "build", "-t", "App:1", context.toString()));
        assertEquals("berth: invalid argument \"App:1\" for \"-t, --tag\" flag: invalid reference format: repository name (library/App) must be lowercase\n"
                + "See 'berth build --help'.\n", cli.err());
        cli.reset();
        assertEquals(125, cli.run("", "build", "--label", "=x", context.toString()));
        assertTrue(cli.err().startsWith("berth: invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name\n"), cli.err());
        assertTrue(cli.daemon.requests("POST /v1.41/build").isEmpty());
    }

    @Test
    void optionsThatDifferFromTheDaemonsDefaultsAreSent() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", "--rm=false", "--force-rm", "-m", "64m", "--shm-size", "1g", "--cpu-shares", "512",
                "--cache-from", "a,b", "--add-host", "h:1.2.3.4", "--ulimit", "nofile=10:20", context.toString()), cli.err());
        assertEquals(List.of("cachefrom=[\"a\",\"b\"]", "cpushares=512", "dockerfile=Dockerfile", "extrahosts=h:1.2.3.4", "forcerm=1",
                "memory=67108864", "rm=0", "shmsize=1073741824", "ulimits=[{\"Name\":\"nofile\",\"Hard\":20,\"Soft\":10}]", "version=1"),
                params(build()));
    }

    @Test
    void compressSendsGzip() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(TYPICAL_STREAM);
        assertEquals(0, cli.run("", "build", "--compress", context.toString()), cli.err());
        byte[] body = build().body();
        assertEquals(0x1f, body[0] & 0xff);
        assertEquals(0x8b, body[1] & 0xff);
        byte[] tar = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        assertEquals(List.of("Dockerfile"), Tars.names(tar));
    }

    @Test
    void progressMessagesAreLeftOutWithoutATerminal() throws IOException {
        write("Dockerfile", "FROM busybox\n");
        answer(List.of("{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":100,\"total\":1000},\"progress\":\"[=>  ]\",\"id\":\"abc\"}\r\n",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"abc\"}\r\n",
                "{\"aux\":{\"ID\":\"" + ID + "\"}}\r\n"));
        assertEquals(0, cli.run("", "build", context.toString()), cli.err());
        String out = cli.out();
        assertEquals("latest: Pulling from library/busybox\nabc: Pull complete\n", out.substring(out.indexOf("\r\r\n") + 3));
    }
}
