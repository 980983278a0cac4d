package dev.berth.shim.host;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC servers of a host: one on the host's socket and one on each container's own socket,
 * all serving the same Task service and gRPC health, sharing one Netty event loop thread and
 * one executor (a virtual thread per call: a call waiting on runc holds no OS thread). Counts
 * the calls in progress (an open Attach, an unanswered Wait), which keep a host from being idle.
 */
public final class Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Thread.ofPlatform().daemon().name("grpc-io").factory(),
            EpollIoHandler.newFactory());
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
    private final HealthStatusManager health = new HealthStatusManager();
    private final AtomicInteger openCalls = new AtomicInteger();
    private final Map<Path, Server> servers = new ConcurrentHashMap<>();
    /** The Task service with the call counter, bound once and shared by every server. */
    private final ServerServiceDefinition task;
    private final ServerInterceptor counter = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            openCalls.incrementAndGet();
            AtomicBoolean finished = new AtomicBoolean();
            Runnable finish = () -> {
                if (finished.compareAndSet(false, true)) {
                    openCalls.decrementAndGet();
                }
            };
            ServerCall.Listener<Q> delegate;
            try {
                delegate = next.startCall(call, headers);
            } catch (RuntimeException e) {
                finish.run();
                throw e;
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                @Override
                public void onComplete() {
                    finish.run();
                    super.onComplete();
                }

                @Override
                public void onCancel() {
                    finish.run();
                    super.onCancel();
                }
            };
        }
    };

    public Endpoints(BindableService taskService) {
        this.task = ServerInterceptors.intercept(taskService, counter);
        health.setStatus(task.getServiceDescriptor().getName(), ServingStatus.SERVING);
        health.setStatus("", ServingStatus.SERVING);
    }

    /** Serves on {@code socket} (mode 0660), replacing a stale socket file; the host's own socket also serves reflection. */
    public synchronized void serve(Path socket, boolean hostSocket) throws IOException {
        Path path = socket.toAbsolutePath();
        if (servers.containsKey(path)) {
            return;
        }
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(path.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .executor(executor)
                .maxInboundMessageSize(32 * 1024 * 1024)
                .addService(task)
                .addService(health.getHealthService());
        if (hostSocket) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        Server server = builder.build().start();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        servers.put(path, server);
    }

    /** Stops serving {@code socket} (calls in progress finish) and removes the socket file. */
    public void stop(Path socket) {
        Server server;
        synchronized (this) {
            server = servers.remove(socket.toAbsolutePath());
        }
        if (server != null) {
            server.shutdown();
            Thread.ofVirtual().start(() -> {
                try {
                    server.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // shutting down anyway
                }
                server.shutdownNow();
            });
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", socket, e.toString());
        }
    }

    /** The sockets served now. */
    public synchronized List<Path> sockets() {
        return new ArrayList<>(servers.keySet());
    }

    public int openCalls() {
        return openCalls.get();
    }

    /** Stops every server, waits a moment for calls in progress, removes the sockets. */
    public void stopAll(long waitMillis) {
        List<Map.Entry<Path, Server>> all;
        synchronized (this) {
            all = new ArrayList<>(servers.entrySet());
            servers.clear();
        }
        for (Map.Entry<Path, Server> entry : all) {
            entry.getValue().shutdown();
            try {
                Files.deleteIfExists(entry.getKey());
            } catch (IOException ignored) {
                // replaced at the next start
            }
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (Map.Entry<Path, Server> entry : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!entry.getValue().awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    entry.getValue().shutdownNow();
                }
            } catch (InterruptedException e) {
                entry.getValue().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    public void enterTerminalState() {
        health.enterTerminalState();
    }
}
