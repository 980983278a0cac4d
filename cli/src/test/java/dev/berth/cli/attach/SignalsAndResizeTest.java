package dev.berth.cli.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.api.EngineClient;
import dev.berth.cli.http.EngineEndpoint;
import dev.berth.cli.http.SocketHttpClient;
import dev.berth.cli.testing.FakeDaemon;
import dev.berth.cli.testing.FakeTerminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** --sig-proxy's forwarding and the TTY size monitor, against a fake daemon. */
class SignalsAndResizeTest {
    @TempDir
    Path dir;
    FakeDaemon daemon;
    EngineClient client;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(dir.resolve("d.sock"));
        client = new EngineClient(new SocketHttpClient(EngineEndpoint.parse(daemon.address()), "test"));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @Test
    void aSignalToTheCliIsSentToTheContainer() throws Exception {
        CountDownLatch killed = new CountDownLatch(1);
        daemon.on("POST /v1.41/containers/c1/kill", (r, x) -> {
            x.noContent();
            killed.countDown();
        });
        try (SignalProxy proxy = SignalProxy.start(client, "c1")) {
            // a real SIGHUP to this JVM: without the proxy's handler it would end the test run
            Signal.raise(new Signal("HUP"));
            assertTrue(killed.await(5, TimeUnit.SECONDS));
        }
        assertEquals("signal=HUP", daemon.lastRequest("POST /v1.41/containers/c1/kill").query());
    }

    @Test
    void theSizeIsSentAndFollowedUntilClosed() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        daemon.on("POST /v1.41/exec/e1/resize", (r, x) -> {
            x.json(200, "{}");
            twice.countDown();
        });
        FakeTerminal terminal = FakeTerminal.interactive(24, 80);
        try (TtyResizer resizer = TtyResizer.forExec(client, "e1", terminal, System.err).monitor()) {
            terminal.resize(30, 90);
            assertTrue(twice.await(5, TimeUnit.SECONDS));
        }
        assertEquals(0, terminal.resizeListeners());
        List<String> sizes = daemon.requests("POST /v1.41/exec/e1/resize").stream().map(FakeDaemon.Request::query).toList();
        assertEquals(List.of("h=24&w=80", "h=30&w=90"), sizes);
    }

    @Test
    void aRefusedResizeIsRetriedThenReported() throws Exception {
        daemon.on("POST /v1.41/containers/c1/resize", (r, x) -> x.json(500, "{\"message\":\"not yet\"}"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (TtyResizer resizer = TtyResizer.forContainer(client, "c1", FakeTerminal.interactive(24, 80), printer).monitor()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (err.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals("failed to resize tty, using default size\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(11, daemon.requests("POST /v1.41/containers/c1/resize").size());
    }
}
