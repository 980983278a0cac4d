package dev.berth.gateway.container.runtime;

import dev.berth.common.grpc.GrpcChannels;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shim host processes (berth-shim) that serve containers' shims, by group. Which group a
 * container joins is the setting shim.group-size: 0 puts all in the host "shared", 1 gives each
 * container a host of its own (named after it, and ending itself when the container has no
 * running process), N fills numbered hosts of N containers. A host is launched on demand and
 * relaunched when it is found gone; a relaunched host takes its containers back from their
 * state directories.
 */
final class ShimHosts implements AutoCloseable {
    static final String SHARED = "shared";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(ShimHosts.class);
    private static final int LOG_TAIL_BYTES = 2048;

    /**
     * JVM start-ups at once: each takes most of a core for a few hundred milliseconds, and fifty
     * started together (docker rm of fifty containers, each with a host of its own) all miss
     * their deadline where the same fifty one or two at a time all make it.
     */
    private static final java.util.concurrent.Semaphore LAUNCHES =
            new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final GatewaySettings settings;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    /** Members per numbered group (shim.group-size above 1). */
    private final Map<String, Integer> members = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ShimHosts(GatewaySettings settings) {
        this.settings = settings;
    }

    /** The group a new container joins. */
    String groupFor(String id) {
        int size = settings.shimGroupSize();
        if (size == 0) {
            return SHARED;
        }
        if (size == 1) {
            return id;
        }
        synchronized (members) {
            for (int n = 0; ; n++) {
                String group = "group-" + n;
                int count = members.getOrDefault(group, 0);
                if (count < size) {
                    members.put(group, count + 1);
                    return group;
                }
            }
        }
    }

    /** Counts a container recovered into a numbered group, or forgets one removed. */
    void joined(String group) {
        if (group.startsWith("group-")) {
            members.merge(group, 1, Integer::sum);
        }
    }

    void left(String group) {
        if (group != null && group.startsWith("group-")) {
            members.computeIfPresent(group, (g, n) -> n <= 1 ? null : n - 1);
        }
        if (group != null && exitsWhenIdle(group)) {
            // the host of a removed container's own group serves nothing more: forget it, and
            // its log (the gateway's redirect of its output)
            Host host = hosts.remove(group);
            if (host != null && host.channel != null) {
                host.channel.shutdownNow();
            }
            try {
                Files.deleteIfExists(logFile(group));
            } catch (IOException e) {
                log.debug("could not remove {}: {}", logFile(group), e.getMessage());
            }
        }
    }

    /** A host per container ends itself once its container has no running process. */
    private boolean exitsWhenIdle(String group) {
        return ContainerIds.isValid(group);
    }

    /**
     * Starts the shared host in the background unless it serves, so the container about to start
     * does not wait for it (called at the gateway's start and at every create).
     */
    void warmUp() {
        if (settings.shimGroupSize() == 0) {
            Thread.ofVirtual().name("shim-host-warm-up").start(() -> {
                try {
                    channel(SHARED);
                } catch (RuntimeException e) {
                    log.warn("could not start the shared shim host: {}", e.getMessage());
                }
            });
        }
    }

    /** A channel to the group's host, launched first when it is not serving. */
    ManagedChannel channel(String group) {
        Host host = hosts.computeIfAbsent(group, g -> new Host());
        host.lock.lock();
        try {
            if (host.channel != null && healthy(host.channel, 1000)) {
                return host.channel;
            }
            if (closed) {
                throw DockerApiException.serverError("the gateway is shutting down", null);
            }
            Path socket = socket(group);
            if (host.channel == null && Files.exists(socket)) {
                host.channel = GrpcChannels.dial(socket, settings.namespace());
                if (healthy(host.channel, 2000)) {
                    return host.channel;
                }
            }
            if (host.channel != null) {
                host.channel.shutdownNow();
                host.channel = null;
            }
            LAUNCHES.acquireUninterruptibly();
            try {
                host.channel = launch(group);
            } finally {
                LAUNCHES.release();
            }
            return host.channel;
        } finally {
            host.lock.unlock();
        }
    }

    /** The channel the group's host was last reached on, without launching one; null if none. */
    ManagedChannel existingChannel(String group) {
        Host host = hosts.get(group);
        return host == null ? null : host.channel;
    }

    Path socket(String group) {
        return settings.shimHostsDir().resolve(group + ".sock");
    }

    private Path pidFile(String group) {
        return settings.shimHostsDir().resolve(group + ".pid");
    }

    private Path logFile(String group) {
        return settings.shimHostsDir().resolve(group + ".log");
    }

    private ManagedChannel launch(String group) {
        Path socket = socket(group);
        Path logFile = logFile(group);
        Process process;
        try {
            Files.createDirectories(settings.shimHostsDir());
            killStale(group);
            Files.deleteIfExists(socket);
            List<String> command = new ArrayList<>(List.of(settings.shimBinary(),
                    "--socket", socket.toString(),
                    "--state", settings.shimsDir().toString(),
                    "--group", group,
                    "--runc", settings.runcBinary(),
                    "--runc-root", settings.runcRoot().toString()));
            if (exitsWhenIdle(group)) {
                command.add("--exit-when-idle");
            } else if (settings.sharedShimIdleSeconds() > 0) {
                // a host of several containers lingers a while, so runs in a row find it up
                command.addAll(List.of("--exit-when-idle", "--idle-grace", String.valueOf(settings.sharedShimIdleSeconds() * 1000L)));
            }
            process = new ProcessBuilder(command)
                    .directory(settings.shimHostsDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to start the shim host " + group + ": " + e.getMessage(), e);
        }
        log.info("launched shim host {} (pid {})", group, process.pid());
        ManagedChannel channel = null;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                // a launcher that daemonizes exits 0 while its host keeps going; only a failure is final
                if (!process.isAlive() && process.exitValue() != 0) {
                    throw DockerApiException.serverError("shim host " + group + " exited with status "
                            + process.exitValue() + " before serving: " + tail(logFile), null);
                }
                if (Files.exists(socket)) {
                    if (channel == null) {
                        channel = GrpcChannels.dial(socket, settings.namespace());
                    }
                    if (healthy(channel, 500)) {
                        return channel;
                    }
                    // dial afresh next time: the socket may have belonged to a host of the group that was
                    // still exiting, and a channel to a dead peer backs off its reconnects past our deadline
                    channel.shutdownNow();
                    channel = null;
                }
                Thread.sleep(10);
            }
            throw DockerApiException.serverError("shim host " + group + " did not serve within "
                    + READY_TIMEOUT.toSeconds() + "s: " + tail(logFile), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DockerApiException.serverError("interrupted while starting shim host " + group, e);
        } catch (RuntimeException e) {
            if (channel != null) {
                channel.shutdownNow();
            }
            process.destroyForcibly();
            throw e;
        }
    }

    /** A host of this group that holds its pid file but no longer answers: it would fight the new one. */
    private void killStale(String group) {
        int pid;
        try {
            pid = Integer.parseInt(Files.readString(pidFile(group)).strip());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(group)).orElse(false))
                .ifPresent(p -> {
                    log.warn("killing shim host {} (pid {}): it holds its socket but does not answer", group, pid);
                    p.destroyForcibly();
                    try {
                        p.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // it is going; the new host replaces its socket
                    }
                });
    }

    static boolean healthy(ManagedChannel channel, long timeoutMillis) {
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return response.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Disconnects; the hosts and their containers keep running. */
    @Override
    public void close() {
        closed = true;
        for (Host host : hosts.values()) {
            host.lock.lock();
            try {
                if (host.channel != null) {
                    host.channel.shutdownNow();
                    host.channel = null;
                }
            } finally {
                host.lock.unlock();
            }
        }
    }

    private static final class Host {
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by lock. */
        ManagedChannel channel;
    }
}
