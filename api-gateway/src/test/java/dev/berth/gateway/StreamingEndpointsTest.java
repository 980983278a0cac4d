package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.config.GatewaySettings;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit test of the HTTP layer's streams: the attach hijack (101, frames, stdin, half-close) and
 * the logs endpoint (frames, tail, timestamps, follow), against an in-memory ContainerService
 * that plays the container's part.
 */
class StreamingEndpointsTest {
    @TempDir
    static Path dir;
    static GatewayServer server;
    static FakeContainers containers = new FakeContainers();
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        socket = dir.resolve("s.sock");
        containers.logFile = dir.resolve("c-json.log");
        Files.writeString(containers.logFile, String.join("", List.of(
                "{\"log\":\"one\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-02T03:04:05.000000001Z\"}\n",
                "{\"log\":\"two\\n\",\"stream\":\"stderr\",\"time\":\"2026-01-02T03:04:06.000000002Z\"}\n",
                "{\"log\":\"three\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-02T03:04:07.000000003Z\"}\n")));
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc", dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, containers, new FakeImages());
        containers.add("11" + "0".repeat(62), "plain", false, FakeContainers.running());
        containers.add("22" + "0".repeat(62), "tty", true, FakeContainers.running());
        containers.add("33" + "0".repeat(62), "done", false, FakeContainers.exited(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Frame(int stream, String text) {}

    static Frame readFrame(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int stream = data.read();
        if (stream < 0) {
            return null;
        }
        byte[] zeros = data.readNBytes(3);
        assertArrayEquals(new byte[3], zeros);
        int length = data.readInt();
        return new Frame(stream, new String(data.readNBytes(length), StandardCharsets.UTF_8));
    }

    @Test
    void attachUpgradesFramesOutputFeedsStdinAndHalfCloseEndsStdin() throws Exception {
        try (UnixHttp http = UnixHttp.connect(socket)) {
            http.send("POST", "/v1.41/containers/plain/attach?stream=1&stdin=1&stdout=1&stderr=1", null,
                    Map.of("Upgrade", "tcp", "Connection", "Upgrade", "Content-Type", "text/plain"));
            // stdin may follow the request at once, before the answer
            http.out.write("echo hi\n".getBytes(StandardCharsets.UTF_8));
            http.out.flush();
            UnixHttp.Response head = http.readHead();
            assertEquals(101, head.status());
            assertEquals("application/vnd.docker.multiplexed-stream", head.header("Content-Type"));
            assertEquals("tcp", head.header("Upgrade"));

            FakeContainers.FakeAttachment attachment = containers.attachments.poll(5, TimeUnit.SECONDS);
            assertTrue(attachment.options.stdin() && attachment.options.stdout() && attachment.options.stderr());
            attachment.sink.output(1, "out\n".getBytes(StandardCharsets.UTF_8));
            attachment.sink.output(2, "err\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(new Frame(1, "out\n"), readFrame(http.in));
            assertEquals(new Frame(2, "err\n"), readFrame(http.in));

            http.out.write("more\n".getBytes(StandardCharsets.UTF_8));
            http.out.flush();
            http.channel.shutdownOutput();
            assertTrue(attachment.stdinClosed.await(5, TimeUnit.SECONDS), "half-close must close stdin");
            assertEquals("echo hi\nmore\n", attachment.stdinText());

            // the connection still carries output after the client's half-close
            attachment.sink.output(1, "after\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(new Frame(1, "after\n"), readFrame(http.in));
            attachment.sink.closed(null);
            assertEquals(null, readFrame(http.in), "the end of the output closes the connection");
            assertTrue(attachment.detached.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void attachToATtyContainerIsRawAndWithoutUpgradeIsA200Stream() throws Exception {
        try (UnixHttp http = UnixHttp.connect(socket)) {
            http.send("POST", "/containers/tty/attach?stream=1&stdout=1", null, Map.of());
            UnixHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            assertEquals("application/vnd.docker.raw-stream", head.header("Content-Type"));
            FakeContainers.FakeAttachment attachment = containers.attachments.poll(5, TimeUnit.SECONDS);
            attachment.sink.output(1, "raw bytes".getBytes(StandardCharsets.UTF_8));
            attachment.sink.closed(null);
            assertEquals("raw bytes", new String(http.in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void clientHangingUpDetaches() throws Exception {
        UnixHttp http = UnixHttp.connect(socket);
        http.send("POST", "/containers/plain/attach?stream=1&stdout=1", null, Map.of("Upgrade", "tcp", "Connection", "Upgrade"));
        assertEquals(101, http.readHead().status());
        FakeContainers.FakeAttachment attachment = containers.attachments.poll(5, TimeUnit.SECONDS);
        http.close();
        // a hang-up reads like a half-close until output finds the connection gone, as with Docker
        for (int i = 0; i < 50 && attachment.detached.getCount() > 0; i++) {
            attachment.sink.output(1, "anyone there?\n".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(50);
        }
        assertTrue(attachment.detached.await(5, TimeUnit.SECONDS));
    }

    static List<Frame> frames(byte[] body) throws IOException {
        List<Frame> frames = new ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(body);
        for (Frame f; (f = readFrame(in)) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void logsAreFramedAndHonourStreamsTailAndTimestamps() throws Exception {
        UnixHttp.Response all = UnixHttp.call(socket, "GET", "/v1.41/containers/done/logs?stdout=1&stderr=1");
        assertEquals(200, all.status());
        assertEquals("application/vnd.docker.multiplexed-stream", all.header("Content-Type"));
        assertEquals(List.of(new Frame(1, "one\n"), new Frame(2, "two\n"), new Frame(1, "three\n")), frames(all.body()));

        UnixHttp.Response stdoutOnly = UnixHttp.call(socket, "GET", "/containers/done/logs?stdout=1");
        assertEquals(List.of(new Frame(1, "one\n"), new Frame(1, "three\n")), frames(stdoutOnly.body()));

        UnixHttp.Response tail = UnixHttp.call(socket, "GET", "/containers/done/logs?stdout=1&stderr=1&tail=1&timestamps=1");
        assertEquals(List.of(new Frame(1, "2026-01-02T03:04:07.000000003Z three\n")), frames(tail.body()));

        UnixHttp.Response none = UnixHttp.call(socket, "GET", "/containers/done/logs");
        assertEquals(400, none.status());
        assertEquals(404, UnixHttp.call(socket, "GET", "/containers/nosuch/logs?stdout=1").status());
    }

    @Test
    void followStreamsNewLinesUntilTheContainerStops() throws Exception {
        String id = "44" + "0".repeat(62);
        containers.add(id, "follow", false, FakeContainers.running());
        Path log = dir.resolve("follow-json.log");
        Files.writeString(log, "{\"log\":\"old\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-02T03:04:05Z\"}\n");
        containers.logFiles.put(id, log);
        try (UnixHttp http = UnixHttp.connect(socket)) {
            http.send("GET", "/containers/follow/logs?stdout=1&stderr=1&follow=1&tail=0", null, Map.of());
            // the head comes before any line does
            UnixHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            Files.writeString(log,
                    "{\"log\":\"fresh\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-02T03:04:08Z\"}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            int size = Integer.parseInt(http.readLine(), 16);
            byte[] chunk = http.in.readNBytes(size);
            assertEquals(List.of(new Frame(1, "fresh\n")), frames(chunk));
            http.readLine();
            var c = containers.containers.get(id);
            containers.containers.put(id, new dev.berth.gateway.container.Container(c.id(), c.name(), c.created(), c.imageId(),
                    c.imageRef(), c.path(), c.args(), c.config(), c.hostConfig(), FakeContainers.exited(0), c.networks(),
                    0, c.logPath(), null, null, null, List.of(), null));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertEquals("0", http.readLine(), "the stream ends once the container stopped");
            assertFalse(rest.size() > 0);
        }
    }
}
