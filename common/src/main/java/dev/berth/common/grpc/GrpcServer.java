package dev.berth.common.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a unix socket (mode 0660) that also serves health checking and reflection,
 * and reads the containerd namespace of every call.
 */
public final class GrpcServer implements AutoCloseable {
    private final Server server;
    private final HealthStatusManager health;
    private final EventLoopGroup loop;
    private final Path socket;

    private GrpcServer(Server server, HealthStatusManager health, EventLoopGroup loop, Path socket) {
        this.server = server;
        this.health = health;
        this.loop = loop;
        this.socket = socket;
    }

    /** Binds the services to {@code socket}, replacing a stale socket file left by a killed process. */
    public static GrpcServer start(Path socket, List<BindableService> services) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        EventLoopGroup loop = UnixSockets.newEventLoopGroup(2, "grpc-" + socket.getFileName());
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(UnixSockets.domainAddress(socket))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop)
                .maxInboundMessageSize(32 * 1024 * 1024)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, new NamespaceInterceptor()));
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        Server server = builder.build().start();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        health.setStatus("", ServingStatus.SERVING);
        return new GrpcServer(server, health, loop, socket);
    }

    public Path socket() {
        return socket;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets running ones finish for a moment, then removes the socket. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the socket is replaced at the next start anyway
        }
    }
}
