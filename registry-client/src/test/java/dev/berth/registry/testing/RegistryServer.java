package dev.berth.registry.testing;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real registry (Debian's {@code docker-registry}, distribution 2.8) on a free loopback port with
 * its storage in a temporary directory; stopped by its pid and its directory removed on close.
 * Without the binary the tests fail when CI=true and are skipped elsewhere.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final Process process;
    private final int port;

    private RegistryServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** An open registry: anyone may pull and push. */
    public static RegistryServer open() throws IOException {
        return start("");
    }

    /** A registry with Basic auth through an htpasswd file holding one user. */
    public static RegistryServer withHtpasswd(String user, String password) throws IOException {
        Path dir = Files.createTempDirectory("berth-registry-auth");
        String line = run(List.of(requireTool("htpasswd").toString(), "-Bbn", user, password));
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, line.strip() + "\n");
        return start(dir, """
                auth:
                  htpasswd:
                    realm: berth-test
                    path: %s
                """.formatted(file));
    }

    /** A registry with token auth: tokens from {@code realm}, signed by the key of {@code rootCertificate}. */
    public static RegistryServer withTokenAuth(String realm, String service, String issuer, Path rootCertificate) throws IOException {
        return start("""
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm, service, issuer, rootCertificate));
    }

    private static RegistryServer start(String authSection) throws IOException {
        return start(Files.createTempDirectory("berth-registry"), authSection);
    }

    private static RegistryServer start(Path dir, String authSection) throws IOException {
        requireTool("docker-registry");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probe and bind
            int port = freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                      secret: berth-test-secret
                    %s""".formatted(dir.resolve("data"), port, authSection));
            Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            RegistryServer server = new RegistryServer(dir, process, port);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = e;
                server.stopProcess();
            }
        }
        deleteRecursively(dir);
        throw last;
    }

    /** host:port as image references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return dir.resolve("registry.log");
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log()));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return; // any answer, 200 or 401, means it serves
            } catch (IOException e) {
                sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("docker-registry did not answer on " + host() + ": " + Files.readString(log()));
    }

    @Override
    public void close() throws IOException {
        stopProcess();
        deleteRecursively(dir);
    }

    private void stopProcess() {
        ProcessHandle handle = process.toHandle(); // this registry's pid only
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tool's path; fails when CI=true and it is missing, else skips the test. */
    public static Path requireTool(String name) {
        Path path = Path.of("/usr/bin", name);
        boolean present = Files.isExecutable(path);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(name + " is not installed (Debian: apt-get install "
                    + (name.equals("htpasswd") ? "apache2-utils" : name) + "); CI=true, so this fails instead of skipping");
        }
        Assumptions.assumeTrue(present, name + " is not installed");
        return path;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(command + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
