package dev.berth.interop;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Berth's gateway ({@code berthd}, module api-gateway) as its real process, as deploy/berth-stack
 * starts it: {@code java -jar api-gateway/target/berth-api-gateway-*.jar --root --state --config --socket}
 * with the JVM flags of deploy/bin/berthd, its settings in a properties file of its own, the Docker
 * Engine API on {@code <dir>/run/berth.sock}, ready when {@code GET /_ping} answers {@code OK}.
 *
 * <p>The gateway launches its shim hosts itself ({@code shim.binary}, here deploy/bin/berth-shim) in
 * a session of their own, so they outlive it, as they should; {@link #close} therefore also removes
 * what containers and shim hosts it left: runc's containers under its {@code runc.root}, the hosts
 * named by the pid files in {@code <state>/shims/hosts/} (only a process whose command line names
 * this state directory), and the network namespaces the network service made for known containers.
 */
final class GatewayProcess implements AutoCloseable {
    private final Path dir;
    private final Path docker;
    private final Path runc;
    private final Process process;
    /** Ids of containers the test made, for the cleanup of what the gateway could not remove. */
    private final List<String> containers = new ArrayList<>();

    private GatewayProcess(Path dir, Path docker, Path runc, Process process) {
        this.dir = dir;
        this.docker = docker;
        this.runc = runc;
        this.process = process;
    }

    /**
     * Starts berthd in {@code dir} with {@code settings} (config keys such as content.address);
     * runc.binary and runc.root (in {@code dir}) are added. The environment's BERTH_* variables
     * are not passed on (they would be settings too); BERTH_JAVA and BERTH_CACHE_DIR are set for the
     * deploy/bin launchers the gateway runs (this JVM's java, a cache in {@code dir}).
     */
    static GatewayProcess start(ReactorLayout layout, Path dir, Map<String, String> settings, Path runc, Path docker)
            throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("runc.binary", runc.toString());
        all.put("runc.root", dir.resolve("runc").toString());
        StringBuilder properties = new StringBuilder("# GatewayOnContainerdTest's gateway\n");
        all.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Path config = Files.writeString(dir.resolve("gateway.properties"), properties);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-Xmx256m",
                "-jar", layout.serviceJar("api-gateway").toString(),
                "--root", dir.resolve("root").toString(), "--state", dir.resolve("run").toString(),
                "--config", config.toString(), "--socket", dir.resolve("run").resolve("berth.sock").toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("berthd.log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BERTH_"));
        builder.environment().put("BERTH_JAVA", java.toString());
        builder.environment().put("BERTH_CACHE_DIR", dir.resolve("cache").toString());
        GatewayProcess gateway = new GatewayProcess(dir, docker, runc, builder.start());
        try {
            gateway.awaitServing();
        } catch (Throwable e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    Path socket() {
        return dir.resolve("run").resolve("berth.sock");
    }

    Path runcRoot() {
        return dir.resolve("runc");
    }

    Path shimHostsDir() {
        return dir.resolve("run").resolve("shims").resolve("hosts");
    }

    /** The gateway's log and its shim hosts' logs, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder("---- berthd log\n").append(read(dir.resolve("berthd.log")));
        if (Files.isDirectory(shimHostsDir())) {
            try (DirectoryStream<Path> logs = Files.newDirectoryStream(shimHostsDir(), "*.log")) {
                for (Path log : logs) {
                    out.append("\n---- shim host ").append(log.getFileName()).append('\n').append(read(log));
                }
            } catch (IOException e) {
                out.append("\n(shim host logs: ").append(e).append(')');
            }
        }
        return out.append('\n').toString();
    }

    /** {@code docker <arguments>} against this gateway (DOCKER_HOST), with a client config of its own. */
    CommandResult docker(long timeoutSeconds, String... arguments) {
        List<String> command = new ArrayList<>(List.of(docker.toString()));
        command.addAll(List.of(arguments));
        return Commands.run(command, Map.of("DOCKER_HOST", "unix://" + socket(),
                "DOCKER_CONFIG", dir.resolve("docker-config").toString()), timeoutSeconds);
    }

    /** Remembers a container the test made, so {@link #close} can clean up after it if the gateway could not. */
    void made(String containerId) {
        containers.add(containerId);
    }

    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("berthd exited with " + process.exitValue() + " before serving:\n" + logs());
            }
            if (Files.exists(socket()) && "OK".equals(ping())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("berthd did not answer /_ping on " + socket() + " within 60 s:\n" + logs());
            }
            Thread.sleep(100);
        }
    }

    /** The body of {@code GET /_ping} (plain HTTP/1.1 over the unix socket), or null when it does not answer 200. */
    private String ping() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until the server closes the connection
            }
            String response = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            int body = response.indexOf("\r\n\r\n");
            return response.startsWith("HTTP/1.1 200") && body >= 0 ? response.substring(body + 4).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Removes the containers through the gateway (docker rm -f, which releases their snapshots and
     * network namespaces), stops berthd (SIGTERM, SIGKILL after 20 s), then removes whatever is
     * left: runc containers under its runc root, its shim hosts (by pid file), the network
     * namespaces of the containers the test made.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            CommandResult listing = docker(30, "ps", "-aq", "--no-trunc");
            if (listing.exitCode() == 0) {
                listing.output().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(id -> {
                    containers.add(id);
                    docker(60, "rm", "-f", id);
                });
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (Files.isDirectory(runcRoot())) {
            CommandResult left = Commands.run(List.of(runc.toString(), "--root", runcRoot().toString(), "list", "-q"), 30);
            if (left.exitCode() == 0) {
                left.output().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(id ->
                        Commands.run(List.of(runc.toString(), "--root", runcRoot().toString(), "delete", "--force", id), 30));
            }
        }
        stopShimHosts();
        for (String id : containers) {
            // as the network service names them (network-service ContainerIds.netnsName)
            String netns = "berth-" + id.substring(0, Math.min(12, id.length()));
            if (Files.exists(Path.of("/run/netns", netns))) {
                Commands.run(List.of("ip", "netns", "delete", netns), 30);
            }
        }
    }

    /** The shim hosts of this gateway: SIGTERM, SIGKILL after 10 s. */
    private void stopShimHosts() throws InterruptedException {
        if (!Files.isDirectory(shimHostsDir())) {
            return;
        }
        String state = dir.resolve("run").toString();
        List<ProcessHandle> hosts = new ArrayList<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(shimHostsDir(), "*.pid")) {
            for (Path pidFile : pidFiles) {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).filter(p -> commandLine(pid).stream().anyMatch(a -> a.startsWith(state)))
                            .ifPresent(hosts::add);
                } catch (IOException | NumberFormatException e) {
                    // no host behind it
                }
            }
        } catch (IOException e) {
            return;
        }
        for (ProcessHandle host : hosts) {
            host.destroy();
        }
        for (ProcessHandle host : hosts) {
            try {
                host.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                host.destroyForcibly();
                host.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> host).join();
            }
        }
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return raw.length == 0 ? List.of() : List.of(new String(raw).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
