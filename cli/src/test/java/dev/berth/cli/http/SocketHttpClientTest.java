package dev.berth.cli.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketHttpClientTest {
    @TempDir
    Path dir;
    FakeDaemon daemon;
    SocketHttpClient client;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(dir.resolve("d.sock"));
        client = new SocketHttpClient(EngineEndpoint.parse(daemon.address()), "test");
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @Test
    void readsContentLengthBodyAndSendsHeaders() throws IOException {
        daemon.on("GET /v1.41/_ping", (r, x) -> x.json(200, "{\"ok\":true}"));
        try (HttpResponse response = client.send(HttpRequest.get("/v1.41/_ping?x=1"))) {
            assertEquals(200, response.status());
            assertEquals("application/json", response.header("content-TYPE"));
            assertEquals("{\"ok\":true}", response.bodyText());
        }
        FakeDaemon.Request seen = daemon.lastRequest("GET /v1.41/_ping");
        assertEquals("x=1", seen.query());
        assertEquals("test", seen.header("User-Agent"));
        assertTrue(seen.header("Host") != null);
    }

    @Test
    void readsChunkedBody() throws IOException {
        daemon.on("GET /stream", (r, x) -> x.chunked(200, List.of("{\"a\":1}\n", "{\"b\":", "2}\n")));
        try (HttpResponse response = client.send(HttpRequest.get("/stream"))) {
            assertEquals("{\"a\":1}\n{\"b\":2}\n", response.bodyText());
        }
    }

    @Test
    void readsBodyUntilCloseWithoutLength() throws IOException {
        daemon.on("GET /raw", (r, x) -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
            x.close();
        });
        try (HttpResponse response = client.send(HttpRequest.get("/raw"))) {
            assertEquals("all of it", response.bodyText());
        }
    }

    @Test
    void noContentHasEmptyBody() throws IOException {
        daemon.on("POST /start", (r, x) -> x.noContent());
        try (HttpResponse response = client.send(HttpRequest.post("/start"))) {
            assertEquals(204, response.status());
            assertEquals("", response.bodyText());
        }
        assertEquals("0", daemon.lastRequest("POST /start").header("Content-Length"));
    }

    @Test
    void sendsBodyWithContentLength() throws IOException {
        daemon.on("POST /echo", (r, x) -> x.json(201, "{\"got\":" + r.body().length + "}"));
        byte[] payload = "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8);
        try (HttpResponse response = client.send(HttpRequest.post("/echo").withBody(RequestBody.of("application/json", payload)))) {
            assertEquals(201, response.status());
            assertEquals("{\"got\":19}", response.bodyText());
        }
        FakeDaemon.Request seen = daemon.lastRequest("POST /echo");
        assertEquals("19", seen.header("Content-Length"));
        assertEquals("application/json", seen.header("Content-Type"));
        assertArrayEquals(payload, seen.body());
    }

    @Test
    void streamsBodyOfUnknownLengthChunked() throws IOException {
        daemon.on("POST /upload", (r, x) -> x.json(200, "{}"));
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        try (HttpResponse response = client.send(HttpRequest.post("/upload")
                .withBody(RequestBody.stream("application/x-tar", new ByteArrayInputStream(payload), -1)))) {
            assertEquals(200, response.status());
        }
        FakeDaemon.Request seen = daemon.lastRequest("POST /upload");
        assertEquals("chunked", seen.header("Transfer-Encoding"));
        assertArrayEquals(payload, seen.body());
    }

    @Test
    void refusesBodyShorterThanDeclared() {
        daemon.on("POST /upload", (r, x) -> x.json(200, "{}"));
        RequestBody shortBody = RequestBody.stream("application/x-tar", new ByteArrayInputStream(new byte[3]), 10);
        assertThrows(IOException.class, () -> client.send(HttpRequest.post("/upload").withBody(shortBody)));
    }

    @Test
    void reportsMalformedResponse() {
        daemon.on("GET /bad", (r, x) -> {
            x.write("garbage\r\n\r\n");
            x.close();
        });
        assertThrows(IOException.class, () -> client.send(HttpRequest.get("/bad")));
    }

    @Test
    void reportsTruncatedChunkedBody() throws IOException {
        daemon.on("GET /cut", (r, x) -> {
            x.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-part");
            x.close();
        });
        try (HttpResponse response = client.send(HttpRequest.get("/cut"))) {
            assertThrows(IOException.class, response::bodyBytes);
        }
    }

    @Test
    void failsToConnectToMissingSocket() {
        SocketHttpClient nowhere = new SocketHttpClient(EngineEndpoint.parse("unix://" + dir.resolve("none.sock")), "t");
        assertThrows(IOException.class, () -> nowhere.send(HttpRequest.get("/x")));
    }

    @Test
    void hijackedConnectionCarriesBothDirectionsAndHalfClose() throws Exception {
        CountDownLatch serverSawEof = new CountDownLatch(1);
        daemon.on("POST /attach", (r, x) -> {
            x.write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello ");
            InputStream in = x.in();
            byte[] buffer = new byte[64];
            int n;
            StringBuilder got = new StringBuilder();
            while ((n = in.read(buffer)) >= 0) {
                got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            serverSawEof.countDown();
            x.write("echo:" + got);
            x.close();
        });
        try (HttpResponse response = client.send(HttpRequest.post("/attach").withUpgradeToTcp())) {
            assertEquals(101, response.status());
            assertTrue(response.upgraded());
            HijackedConnection connection = response.hijack();
            connection.output().write("ping".getBytes(StandardCharsets.UTF_8));
            connection.closeWrite();
            assertTrue(serverSawEof.await(5, TimeUnit.SECONDS));
            String all = new String(connection.input().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("hello echo:ping", all);
        }
        FakeDaemon.Request seen = daemon.lastRequest("POST /attach");
        assertEquals("Upgrade", seen.header("Connection"));
        assertEquals("tcp", seen.header("Upgrade"));
    }

    @Test
    void errorResponseIsNotUpgraded() throws IOException {
        daemon.on("POST /attach", (r, x) -> x.json(404, "{\"message\":\"No such container: x\"}"));
        try (HttpResponse response = client.send(HttpRequest.post("/attach").withUpgradeToTcp())) {
            assertFalse(response.upgraded());
            assertThrows(IllegalStateException.class, response::hijack);
            assertEquals("{\"message\":\"No such container: x\"}", response.bodyText());
        }
    }

    @Test
    void parsesHostAddresses() {
        assertEquals("unix:///run/berth/berth.sock", EngineEndpoint.parse(null).address());
        assertEquals("tcp://127.0.0.1:2375", EngineEndpoint.parse("tcp://127.0.0.1:2375").address());
        assertThrows(IllegalArgumentException.class, () -> EngineEndpoint.parse("ssh://host"));
        assertThrows(IllegalArgumentException.class, () -> EngineEndpoint.parse("unix://"));
        assertThrows(IllegalArgumentException.class, () -> EngineEndpoint.parse("tcp://host"));
    }
}
