package dev.berth.common.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
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
 * and reads the containerd namespace of every call; the same services are served in-process to
 * the clients of this process ({@link GrpcChannels}).
 */
public final class GrpcServer implements AutoCloseable {
    private final Server server;
    private final Server inProcess;
    private final HealthStatusManager health;
    private final EventLoopGroup loop;
    private final Path socket;

    private GrpcServer(Server server, Server inProcess, HealthStatusManager health, EventLoopGroup loop, Path socket) {
        this.server = server;
        this.inProcess = inProcess;
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
        // the same services for clients in this process, without the socket (InProcessServers)
        InProcessServerBuilder local = InProcessServerBuilder.forName(InProcessServers.name(socket)).addService(health.getHealthService());
        for (BindableService service : services) {
            ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, new NamespaceInterceptor());
            builder.addService(intercepted);
            local.addService(intercepted);
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        Server server = builder.build().start();
        Server inProcess;
        try {
            inProcess = local.build().start();
        } catch (IOException e) {
            server.shutdownNow();
            throw e;
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        health.setStatus("", ServingStatus.SERVING);
        InProcessServers.serving(socket);
        return new GrpcServer(server, inProcess, health, loop, socket);
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
        InProcessServers.stopped(socket);
        health.enterTerminalState();
        inProcess.shutdown();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
            if (!inProcess.awaitTermination(1, TimeUnit.SECONDS)) {
                inProcess.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            inProcess.shutdownNow();
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
