package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.BerthMain;
import dev.berth.cli.io.Io;
import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end against a fake daemon: what they send, print and exit with. */
class CommandFlowTest {
    @TempDir
    Path dir;
    FakeDaemon daemon;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    int berth(String stdin, String... args) {
        Io io = Io.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
        return BerthMain.run(args, io, Map.of("DOCKER_HOST", daemon.address()));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static String decode(String query) {
        return URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    /** A container that prints its frames once started and exits with the given status. */
    void fakeContainer(String id, int status, byte[] frames, boolean echoStdin) {
        CountDownLatch started = new CountDownLatch(1);
        daemon.on("POST /v1.41/containers/create", (r, x) -> {
            order.add("create");
            x.json(201, "{\"Id\":\"" + id + "\",\"Warnings\":[]}");
        });
        daemon.on("POST /v1.41/containers/" + id + "/attach", (r, x) -> {
            order.add("attach");
            x.write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            started.await(5, TimeUnit.SECONDS);
            if (echoStdin) {
                byte[] input = x.in().readAllBytes();
                x.out().write(FakeDaemon.frame(1, new String(input, StandardCharsets.UTF_8)));
            }
            x.out().write(frames);
            x.out().flush();
            x.close();
        });
        daemon.on("POST /v1.41/containers/" + id + "/wait", (r, x) -> {
            order.add("wait");
            // like dockerd: headers as soon as the wait is registered, the body at exit
            x.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n");
            started.await(5, TimeUnit.SECONDS);
            x.write("{\"StatusCode\":" + status + ",\"Error\":null}\n");
            x.close();
        });
        daemon.on("POST /v1.41/containers/" + id + "/start", (r, x) -> {
            order.add("start");
            started.countDown();
            x.noContent();
        });
    }

    @Test
    void runAttachesWaitsStartsAndExitsWithTheContainersStatus() {
        byte[] frames = StreamDemultiplexerFrames.of(1, "hello world\n", 2, "oops\n");
        fakeContainer("c1", 7, frames, false);
        int code = berth("", "run", "--rm", "--name", "acc", "busybox", "echo", "hello", "world");
        assertEquals(7, code, err());
        assertEquals("hello world\n", out());
        assertEquals("oops\n", err());
        assertEquals(List.of("create", "attach", "wait", "start"), order);
        FakeDaemon.Request create = daemon.lastRequest("POST /v1.41/containers/create");
        assertEquals("name=acc", create.query());
        assertTrue(create.bodyText().contains("\"Cmd\":[\"echo\",\"hello\",\"world\"]"), create.bodyText());
        assertTrue(create.bodyText().contains("\"AutoRemove\":true"));
        assertEquals("condition=removed", daemon.lastRequest("POST /v1.41/containers/c1/wait").query());
        String attach = daemon.lastRequest("POST /v1.41/containers/c1/attach").query();
        assertEquals("stream=1&stdout=1&stderr=1", attach);
    }

    @Test
    void runWithStdinSendsItAndClosesIt() {
        fakeContainer("c2", 0, new byte[0], true);
        int code = berth("echo from-stdin\nexit 0\n", "run", "-i", "busybox", "sh");
        assertEquals(0, code, err());
        assertEquals("echo from-stdin\nexit 0\n", out());
        assertEquals("stream=1&stdin=1&stdout=1&stderr=1", daemon.lastRequest("POST /v1.41/containers/c2/attach").query());
        assertEquals("condition=next-exit", daemon.lastRequest("POST /v1.41/containers/c2/wait").query());
    }

    @Test
    void runDetachedPrintsTheId() {
        fakeContainer("c3", 0, new byte[0], false);
        assertEquals(0, berth("", "run", "-d", "busybox", "sleep", "300"));
        assertEquals("c3\n", out());
        assertEquals(List.of("create", "start"), order);
    }

    @Test
    void runOfAMissingImageTriesToPullAndExits125() {
        daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(404, "{\"message\":\"No such image: acc-no-such-image:1\"}"));
        daemon.on("POST /v1.41/images/create", (r, x) -> x.json(404, "{\"message\":\"pull access denied for acc-no-such-image, repository does not exist\"}"));
        int code = berth("", "run", "--rm", "acc-no-such-image:1", "true");
        assertEquals(125, code);
        assertTrue(err().startsWith("Unable to find image 'acc-no-such-image:1' locally\n"), err());
        assertTrue(err().contains("berth: Error response from daemon: pull access denied for acc-no-such-image"), err());
        err.reset();
        assertEquals(1, berth("", "create", "acc-no-such-image:1"));
        assertTrue(err().endsWith("\nError response from daemon: pull access denied for acc-no-such-image, repository does not exist\n"), err());
        assertEquals("fromImage=acc-no-such-image&tag=1", daemon.lastRequest("POST /v1.41/images/create").query());
    }

    @Test
    void runPullsThenCreatesAgain() {
        List<String> creates = new ArrayList<>();
        daemon.on("POST /v1.41/containers/create", (r, x) -> {
            creates.add("c");
            if (creates.size() == 1) {
                x.json(404, "{\"message\":\"No such image: busybox:latest\"}");
            } else {
                x.json(201, "{\"Id\":\"c4\"}");
            }
        });
        daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of(
                "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\n",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"abc\"}\n",
                "{\"status\":\"Status: Downloaded newer image for busybox:latest\"}\n")));
        daemon.on("POST /v1.41/containers/c4/start", (r, x) -> x.noContent());
        assertEquals(0, berth("", "run", "-d", "busybox"), err());
        assertEquals("c4\n", out());
        assertEquals("Unable to find image 'busybox:latest' locally\nlatest: Pulling from library/busybox\n"
                + "Status: Downloaded newer image for busybox:latest\n", err());
        assertEquals("fromImage=busybox&tag=latest", daemon.lastRequest("POST /v1.41/images/create").query());
    }

    @Test
    void startFailureMapsToDockerExitCodes() {
        daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(201, "{\"Id\":\"c5\"}"));
        daemon.on("POST /v1.41/containers/c5/attach", (r, x) -> x.write("HTTP/1.1 101 UPGRADED\r\n\r\n"));
        daemon.on("POST /v1.41/containers/c5/wait", (r, x) -> { });
        daemon.on("POST /v1.41/containers/c5/start", (r, x) -> x.json(400,
                "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}"));
        assertEquals(127, berth("", "run", "busybox", "nope"));
        assertTrue(err().contains("berth: Error response from daemon: exec: \"nope\": executable file not found"), err());
    }

    @Test
    void startOfAMissingContainer() {
        daemon.on("POST /v1.41/containers/acc-no-such-container/start", (r, x) -> x.json(404, "{\"message\":\"No such container: acc-no-such-container\"}"));
        assertEquals(1, berth("", "start", "acc-no-such-container"));
        assertEquals("Error response from daemon: No such container: acc-no-such-container\n"
                + "Error: failed to start containers: acc-no-such-container\n", err());
    }

    @Test
    void startAttachedExitsWithTheContainersStatus() {
        fakeContainer("c6", 0, StreamDemultiplexerFrames.of(1, "started-later\n"), false);
        daemon.on("GET /v1.41/containers/acc-c1/json", (r, x) -> x.json(200,
                "{\"Id\":\"c6\",\"Config\":{\"Tty\":false,\"OpenStdin\":false},\"HostConfig\":{\"AutoRemove\":false}}"));
        assertEquals(0, berth("", "start", "-a", "acc-c1"), err());
        assertEquals("started-later\n", out());
    }

    @Test
    void importStreamsTheTarballAndPrintsTheImageId() throws IOException {
        Path tar = dir.resolve("rootfs.tar");
        byte[] content = new byte[100_000];
        new java.util.Random(3).nextBytes(content);
        Files.write(tar, content);
        daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of("{\"status\":\"sha256:0123abcd\"}\n")));
        int code = berth("", "image", "import", "--change", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", tar.toString(), "busybox:latest");
        assertEquals(0, code, err());
        assertEquals("sha256:0123abcd\n", out());
        FakeDaemon.Request seen = daemon.lastRequest("POST /v1.41/images/create");
        // docker's ImageImport sends the reference as written, without a tag parameter
        assertEquals("fromSrc=-&repo=busybox:latest&changes=CMD [\"/bin/sh\"]&changes=ENV PATH=/bin", decode(seen.query()));
        assertEquals("100000", seen.header("Content-Length"));
        assertTrue(java.util.Arrays.equals(content, seen.body()));
    }

    @Test
    void importReportsStreamErrors() throws IOException {
        Path tar = dir.resolve("bad.tar");
        Files.writeString(tar, "not a tar");
        daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of("{\"errorDetail\":{\"message\":\"invalid tar header\"},\"error\":\"invalid tar header\"}\n")));
        assertEquals(1, berth("", "import", tar.toString()));
        assertEquals("invalid tar header\n", err());
    }

    static final String IMAGES = "[{\"Id\":\"sha256:0123456789abcdef0123\",\"RepoTags\":[\"busybox:latest\",\"acc/bb:1.0\"],"
            + "\"RepoDigests\":[],\"Created\":1,\"Size\":4290000},"
            + "{\"Id\":\"sha256:fedcba9876543210\",\"RepoTags\":[],\"RepoDigests\":[],\"Created\":1,\"Size\":999}]";

    @Test
    void imagesTableAndFormat() {
        daemon.on("GET /v1.41/images/json", (r, x) -> x.json(200, IMAGES));
        assertEquals(0, berth("", "images"), err());
        String[] lines = out().split("\n");
        assertEquals("REPOSITORY   TAG       IMAGE ID       CREATED        SIZE", lines[0]);
        assertTrue(lines[1].matches("busybox      latest    0123456789ab   \\d+ years ago   4\\.29MB"), lines[1]);
        assertTrue(lines[3].startsWith("<none>       <none>    fedcba987654"), lines[3]);
        out.reset();
        assertEquals(0, berth("", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"));
        assertEquals("busybox:latest\nacc/bb:1.0\n<none>:<none>\n", out());
        out.reset();
        assertEquals(0, berth("", "images", "-q", "busybox"));
        assertEquals("0123456789ab\n0123456789ab\nfedcba987654\n", out());
        assertEquals("filters={\"reference\":{\"busybox\":true}}", decode(daemon.lastRequest("GET /v1.41/images/json").query()));
    }

    @Test
    void psFiltersAndFormats() {
        daemon.on("GET /v1.41/containers/json", (r, x) -> x.json(200, "[{\"Id\":\"0123456789abcdef\",\"Names\":[\"/acc-c1\"],"
                + "\"Image\":\"busybox\",\"Command\":\"sh -c 'while true; do :; done'\",\"Created\":1,\"State\":\"created\","
                + "\"Status\":\"Created\",\"Ports\":[{\"IP\":\"127.0.0.1\",\"PrivatePort\":8080,\"PublicPort\":18080,\"Type\":\"tcp\"}],"
                + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}]"));
        assertEquals(0, berth("", "ps", "-a", "--filter", "name=acc-c1", "--format", "{{.Names}} {{.Status}} {{.Ports}} {{.Labels}} {{.Label \"a\"}}"), err());
        assertEquals("acc-c1 Created 127.0.0.1:18080->8080/tcp a=1,b=2 1\n", out());
        assertEquals("all=1&filters={\"name\":[\"acc-c1\"]}", decode(daemon.lastRequest("GET /v1.41/containers/json").query()));
        out.reset();
        assertEquals(0, berth("", "container", "ls", "-a"));
        String[] lines = out().split("\n");
        assertTrue(lines[0].startsWith("CONTAINER ID   IMAGE     COMMAND                  CREATED"), lines[0]);
        assertTrue(lines[1].startsWith("0123456789ab   busybox   \"sh -c 'while true; …\"   "), lines[1]);
        out.reset();
        assertEquals(1, berth("", "ps", "--format", "{{.Nope}}"));
        assertTrue(err().contains("can't evaluate field Nope"), err());
    }

    @Test
    void inspectTriesContainersThenImages() {
        daemon.on("GET /v1.41/containers/busybox:latest/json", (r, x) -> x.json(404, "{\"message\":\"No such container: busybox:latest\"}"));
        daemon.on("GET /v1.41/images/busybox:latest/json", (r, x) -> x.json(200,
                "{\"Id\":\"sha256:01\",\"RepoTags\":[\"busybox:latest\"],\"Config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"/bin/sh\"]},\"Size\":3}"));
        assertEquals(0, berth("", "inspect", "busybox:latest"), err());
        assertEquals("""
                [
                    {
                        "Id": "sha256:01",
                        "RepoTags": [
                            "busybox:latest"
                        ],
                        "Config": {
                            "Env": [
                                "PATH=/bin"
                            ],
                            "Cmd": [
                                "/bin/sh"
                            ]
                        },
                        "Size": 3
                    }
                ]
                """, out());
        out.reset();
        assertEquals(0, berth("", "image", "inspect", "-f", "{{.Id}} {{json .RepoTags}} {{.Config.Env}}", "busybox:latest"));
        assertEquals("sha256:01 [\"busybox:latest\"] [PATH=/bin]\n", out());
    }

    @Test
    void inspectOfAMissingObject() {
        daemon.on("GET /v1.41/containers/nope/json", (r, x) -> x.json(404, "{\"message\":\"No such container: nope\"}"));
        assertEquals(1, berth("", "container", "inspect", "nope"));
        assertEquals("[]\n", out());
        assertEquals("Error: No such container: nope\n", err());
        out.reset();
        err.reset();
        assertEquals(1, berth("", "inspect", "-f", "{{.State.Status}}", "nope"));
        assertEquals("", out());
        assertEquals("Error: No such object: nope\n", err());
    }

    @Test
    void logsDemultiplexUnlessTty() {
        daemon.on("GET /v1.41/containers/acc-t/json", (r, x) -> x.json(200, "{\"Id\":\"t\",\"Config\":{\"Tty\":false}}"));
        daemon.on("GET /v1.41/containers/acc-t/logs", (r, x) -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n");
            x.out().write(StreamDemultiplexerFrames.of(1, "tick 1\n", 2, "warn\n", 1, "tick 2\n"));
            x.close();
        });
        assertEquals(0, berth("", "logs", "-t", "--tail", "2", "acc-t"), err());
        assertEquals("tick 1\ntick 2\n", out());
        assertEquals("warn\n", err());
        assertEquals("stdout=1&stderr=1&timestamps=1&tail=2", daemon.lastRequest("GET /v1.41/containers/acc-t/logs").query());
    }

    @Test
    void rmReportsEachFailureAndWaitPrintsCodes() {
        daemon.on("DELETE /v1.41/containers/a", (r, x) -> x.noContent());
        daemon.on("DELETE /v1.41/containers/b", (r, x) -> x.json(409, "{\"message\":\"You cannot remove a running container b\"}"));
        assertEquals(1, berth("", "rm", "-f", "a", "b"));
        assertEquals("a\n", out());
        assertEquals("Error response from daemon: You cannot remove a running container b\n", err());
        assertEquals("force=1", daemon.lastRequest("DELETE /v1.41/containers/a").query());
        out.reset();
        daemon.on("POST /v1.41/containers/w/wait", (r, x) -> x.json(200, "{\"StatusCode\":5}"));
        assertEquals(0, berth("", "wait", "w"));
        assertEquals("5\n", out());
    }

    @Test
    void tagSplitsTheTargetAndRmiPrintsWhatTheDaemonUntagged() {
        daemon.on("POST /v1.41/images/busybox:latest/tag", (r, x) -> x.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(0, berth("", "image", "tag", "busybox:latest", "acc/bb:1.0"), err());
        assertEquals("repo=acc%2Fbb&tag=1.0", daemon.lastRequest("POST /v1.41/images/busybox:latest/tag").query());
        daemon.on("DELETE /v1.41/images/acc/bb:1.0", (r, x) -> x.json(200, "[{\"Untagged\":\"acc/bb:1.0\"}]"));
        daemon.on("DELETE /v1.41/images/sha256:abc", (r, x) -> x.json(409,
                "{\"message\":\"conflict: unable to delete abc (must be forced) - image is being used by stopped container 123\"}"));
        assertEquals(1, berth("", "rmi", "acc/bb:1.0", "sha256:abc"));
        assertEquals("Untagged: acc/bb:1.0\n", out());
        assertEquals("Error response from daemon: conflict: unable to delete abc (must be forced) - image is being used by stopped container 123\n", err());
    }

    @Test
    void stopAndKillPassTheirOptions() {
        daemon.on("POST /v1.41/containers/s/stop", (r, x) -> x.write("HTTP/1.1 304 Not Modified\r\n\r\n"));
        daemon.on("POST /v1.41/containers/s/kill", (r, x) -> x.noContent());
        assertEquals(0, berth("", "stop", "-t", "2", "s"), err());
        assertEquals("t=2", daemon.lastRequest("POST /v1.41/containers/s/stop").query());
        assertEquals(0, berth("", "kill", "-s", "TERM", "s"), err());
        assertEquals("signal=TERM", daemon.lastRequest("POST /v1.41/containers/s/kill").query());
        assertEquals("s\ns\n", out());
    }

    @Test
    void hostFlagWinsOverDockerHost() throws IOException {
        try (FakeDaemon other = new FakeDaemon(dir.resolve("other.sock"))) {
            other.on("POST /v1.41/containers/x/wait", (r, x) -> x.json(200, "{\"StatusCode\":3}"));
            assertEquals(0, berth("", "-H", other.address(), "wait", "x"), err());
            assertEquals("3\n", out());
            assertNotNull(other.lastRequest("POST /v1.41/containers/x/wait"));
        }
    }

    @Test
    void unreachableDaemonAndUsageErrors() {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), out, err);
        assertEquals(1, BerthMain.run(new String[] {"ps"}, io, Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock"))));
        assertTrue(err().contains("Cannot connect to the Berth daemon at unix://"), err());
        err.reset();
        assertEquals(125, berth("", "ps", "--bogus"));
        assertTrue(err().startsWith("unknown flag: --bogus\n"), err());
        assertTrue(err().contains("See 'berth ps --help'."), err());
        err.reset();
        err.reset();
        assertEquals(1, berth("", "run"));
        assertTrue(err().startsWith("berth: 'berth run' requires at least 1 argument"), err());
        err.reset();
        assertEquals(125, berth("", "frobnicate"));
        assertTrue(err().startsWith("berth: unknown command: berth frobnicate"), err());
    }

    /** Frames of docker's multiplexed stream, for fake daemons. */
    static final class StreamDemultiplexerFrames {
        static byte[] of(Object... typeAndText) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < typeAndText.length; i += 2) {
                all.writeBytes(FakeDaemon.frame((Integer) typeAndText[i], (String) typeAndText[i + 1]));
            }
            return all.toByteArray();
        }
    }
}
