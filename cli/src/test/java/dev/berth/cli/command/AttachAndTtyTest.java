package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeDaemon;
import dev.berth.cli.testing.FakeTerminal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attach, and run/start with a TTY: raw terminal, window size, detach keys, exit statuses. */
class AttachAndTtyTest {
    private static final String RUNNING_TTY = "{\"Id\":\"abc\",\"State\":{\"Running\":true},\"Config\":{\"Tty\":true,\"OpenStdin\":true}}";
    private static final byte[] DETACH = {'e', 'c', 'h', 'o', 16, 17};

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

    /** A container that runs until the client goes away. */
    private void longRunning(String id) {
        cli.daemon.on("POST /v1.41/containers/" + id + "/attach", (r, x) -> {
            x.upgrade();
            x.write("/ # ");
            x.in().readAllBytes();
        });
        cli.daemon.on("POST /v1.41/containers/" + id + "/wait", (r, x) -> {
            x.streamHeaders(200);
            x.in().readAllBytes();
        });
    }

    /** A keyboard that types the detach keys once the prompt is on the screen. */
    private java.io.InputStream typedOnce(String prompt) {
        try {
            java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
            java.io.PipedInputStream stdin = new java.io.PipedInputStream(keyboard);
            Thread.ofVirtual().start(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (!cli.out().contains(prompt) && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    keyboard.write(DETACH);
                    keyboard.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return stdin;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void attachCopiesOutputAndExitsWithTheContainersStatus() {
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200,
                "{\"Id\":\"abc\",\"State\":{\"Running\":true},\"Config\":{\"Tty\":false,\"OpenStdin\":false}}"));
        CountDownLatch attached = new CountDownLatch(1);
        cli.daemon.on("POST /v1.41/containers/web/attach", (r, x) -> {
            x.upgrade();
            attached.countDown();
            x.out().write(FakeDaemon.frame(1, "tick\n"));
            x.out().write(FakeDaemon.frame(2, "warn\n"));
            x.out().flush();
            x.close();
        });
        cli.daemon.on("POST /v1.41/containers/web/wait", (r, x) -> {
            x.streamHeaders(200);
            attached.await(5, TimeUnit.SECONDS);
            x.write("{\"StatusCode\":4}\n");
            x.close();
        });
        assertEquals(4, cli.run("", "attach", "--no-stdin", "--detach-keys", "ctrl-a,ctrl-b", "web"), cli.err());
        assertEquals("tick\n", cli.out());
        assertEquals("warn\n", cli.err());
        assertEquals("stream=1&stdout=1&stderr=1&detachKeys=ctrl-a%2Cctrl-b", cli.daemon.lastRequest("POST /v1.41/containers/web/attach").query());
        assertEquals("", cli.daemon.lastRequest("POST /v1.41/containers/web/wait").query());
    }

    @Test
    void attachToAStoppedContainerIsRefused() {
        cli.daemon.on("POST /v1.41/containers/web/wait", (r, x) -> x.json(200, "{\"StatusCode\":0}"));
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200, "{\"Id\":\"abc\",\"State\":{\"Running\":false},\"Config\":{}}"));
        assertEquals(1, cli.run("", "attach", "web"));
        assertEquals("You cannot attach to a stopped container, start it first\n", cli.err());
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/web/attach"));
    }

    @Test
    void attachToAMissingContainer() {
        cli.daemon.on("POST /v1.41/containers/nope/wait", (r, x) -> x.json(404, "{\"message\":\"No such container: nope\"}"));
        cli.daemon.on("GET /v1.41/containers/nope/json", (r, x) -> x.json(404, "{\"message\":\"No such container: nope\"}"));
        assertEquals(1, cli.run("", "attach", "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
    }

    @Test
    void attachWithATtyBumpsTheSizeThenFollowsTheWindowAndDetachesWithStatus1() throws Exception {
        FakeTerminal terminal = FakeTerminal.interactive(24, 80);
        cli.terminal(terminal);
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200, RUNNING_TTY));
        longRunning("web");
        CountDownLatch resizes = new CountDownLatch(2);
        cli.daemon.on("POST /v1.41/containers/abc/resize", (r, x) -> {
            x.json(200, "{}");
            resizes.countDown();
        });
        int code = cli.run(typedOnce("/ # "), "attach", "web");
        assertEquals(1, code);
        assertEquals("/ # ", cli.out());
        assertEquals("read escape sequence\n", cli.err());
        assertTrue(resizes.await(5, TimeUnit.SECONDS));
        List<String> sizes = cli.daemon.requests("POST /v1.41/containers/abc/resize").stream().map(FakeDaemon.Request::query).toList();
        assertEquals(List.of("h=25&w=81", "h=24&w=80"), sizes.subList(0, 2));
        assertEquals("stream=1&stdin=1&stdout=1&stderr=1", cli.daemon.lastRequest("POST /v1.41/containers/web/attach").query());
        assertEquals(1, terminal.rawEntered());
        assertEquals(1, terminal.rawRestored());
    }

    @Test
    void attachToATtyContainerNeedsATerminalUnlessNoStdin() {
        cli.daemon.on("POST /v1.41/containers/web/wait", (r, x) -> x.json(200, "{\"StatusCode\":0}"));
        cli.daemon.on("GET /v1.41/containers/web/json", (r, x) -> x.json(200, RUNNING_TTY));
        assertEquals(1, cli.run("", "attach", "web"));
        assertEquals("the input device is not a TTY\n", cli.err());
    }

    @Test
    void runInteractiveTtyIsRawFollowsTheWindowAndDetachesWithStatus0() throws Exception {
        FakeTerminal terminal = FakeTerminal.interactive(30, 100);
        cli.terminal(terminal);
        cli.daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(201, "{\"Id\":\"abc\"}"));
        cli.daemon.on("POST /v1.41/containers/abc/start", (r, x) -> x.noContent());
        longRunning("abc");
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        cli.daemon.on("POST /v1.41/containers/abc/resize", (r, x) -> {
            x.json(200, "{}");
            first.countDown();
            second.countDown();
        });
        // the detach keys arrive once the first resize happened, so that a window change can be seen meanwhile
        java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(keyboard);
        Thread typist = Thread.ofVirtual().start(() -> {
            try {
                first.await(5, TimeUnit.SECONDS);
                terminal.resize(50, 132);
                second.await(5, TimeUnit.SECONDS);
                // and once the prompt is on the screen: detaching closes the stream, unread output goes with it
                for (int i = 0; i < 500 && !cli.out().contains("/ # "); i++) {
                    Thread.sleep(10);
                }
                keyboard.write(DETACH);
                keyboard.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int code = cli.run(stdin, "run", "-it", "--detach-keys", "ctrl-p,ctrl-q", "busybox", "sh");
        typist.join(5000);
        assertEquals(0, code, cli.err());
        assertEquals("", cli.err());
        assertEquals("/ # ", cli.out());
        List<String> sizes = cli.daemon.requests("POST /v1.41/containers/abc/resize").stream().map(FakeDaemon.Request::query).toList();
        assertEquals(List.of("h=30&w=100", "h=50&w=132"), sizes);
        assertEquals("stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-p%2Cctrl-q",
                cli.daemon.lastRequest("POST /v1.41/containers/abc/attach").query());
        assertEquals(1, terminal.rawEntered());
        assertEquals(1, terminal.rawRestored());
        assertEquals(0, terminal.resizeListeners());
    }

    @Test
    void runInteractiveTtyWithoutATerminalIsRefusedBeforeCreating() {
        assertEquals(1, cli.run("", "run", "-it", "busybox", "sh"));
        assertEquals("the input device is not a TTY\n", cli.err());
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/create"));
    }

    @Test
    void startAttachInteractiveWithATtyDetachesWithStatus0() {
        FakeTerminal terminal = FakeTerminal.interactive(24, 80);
        cli.terminal(terminal);
        cli.daemon.on("GET /v1.41/containers/c1/json", (r, x) -> x.json(200,
                "{\"Id\":\"abc\",\"Config\":{\"Tty\":true,\"OpenStdin\":true},\"HostConfig\":{\"AutoRemove\":false}}"));
        cli.daemon.on("POST /v1.41/containers/abc/start", (r, x) -> x.noContent());
        cli.daemon.on("POST /v1.41/containers/abc/resize", (r, x) -> x.json(200, "{}"));
        longRunning("abc");
        assertEquals(0, cli.run(typedOnce("/ # "), "start", "-ai", "c1"), cli.err());
        assertEquals("/ # ", cli.out());
        assertEquals(1, terminal.rawRestored());
    }

    @Test
    void aTtyRunWithoutStdinStaysCookedAndEndsWithTheContainer() {
        FakeTerminal terminal = FakeTerminal.interactive(24, 80);
        cli.terminal(terminal);
        cli.daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(201, "{\"Id\":\"abc\"}"));
        CountDownLatch started = new CountDownLatch(1);
        cli.daemon.on("POST /v1.41/containers/abc/start", (r, x) -> {
            started.countDown();
            x.noContent();
        });
        cli.daemon.on("POST /v1.41/containers/abc/resize", (r, x) -> x.json(200, "{}"));
        cli.daemon.on("POST /v1.41/containers/abc/attach", (r, x) -> {
            x.upgrade();
            started.await(5, TimeUnit.SECONDS);
            x.write("raw\r\n");
            x.close();
        });
        cli.daemon.on("POST /v1.41/containers/abc/wait", (r, x) -> {
            x.streamHeaders(200);
            started.await(5, TimeUnit.SECONDS);
            x.write("{\"StatusCode\":2}");
            x.close();
        });
        assertEquals(2, cli.run("", "run", "-t", "busybox", "ls"), cli.err());
        assertEquals("raw\r\n", cli.out());
        assertEquals(0, terminal.rawEntered());
    }
}
