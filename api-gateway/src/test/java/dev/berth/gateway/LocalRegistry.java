package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real {@code docker-registry} on a free loopback port, storage in a temporary directory,
 * optionally behind htpasswd Basic auth. Without the tools the test is skipped, or fails when CI=true.
 */
final class LocalRegistry implements AutoCloseable {
    private final Path dir;
    private final Process process;
    final String host;

    private LocalRegistry(Path dir, Process process, String host) {
        this.dir = dir;
        this.process = process;
        this.host = host;
    }

    /** The registry's storage on disk (its filesystem driver's root). */
    Path storage() {
        return dir.resolve("data");
    }

    static LocalRegistry open() throws Exception {
        return start(Files.createTempDirectory(Path.of("/tmp"), "bgw-reg"), "");
    }

    static LocalRegistry withUser(String user, String password) throws Exception {
        Path htpasswd = require("/usr/bin/htpasswd", "apache2-utils");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bgw-areg");
        Process p = new ProcessBuilder(htpasswd.toString(), "-Bbn", user, password).redirectErrorStream(true).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor() == 0, line);
        Files.writeString(dir.resolve("htpasswd"), line.strip() + "\n");
        return start(dir, "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + dir.resolve("htpasswd") + "\n");
    }

    private static Path require(String tool, String debianPackage) {
        Path path = Path.of(tool);
        boolean present = Files.isExecutable(path);
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(present, tool + " is not installed (apt-get install " + debianPackage + ")");
        }
        Assumptions.assumeTrue(present, tool + " is not installed (apt-get install " + debianPackage + ")");
        return path;
    }

    private static LocalRegistry start(Path dir, String auth) throws Exception {
        Path binary = require("/usr/bin/docker-registry", "docker-registry");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port
                + "\n  secret: berth-test\n" + auth);
        Process process = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(dir, process, "127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int i = 0; i < 300; i++) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return registry;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        registry.close();
        throw new IOException("docker-registry did not start on " + registry.host);
    }

    /** GET on the registry itself, e.g. /v2/acc/bb/tags/list. */
    String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
