package dev.berth.common.grpc;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import java.nio.file.Path;

/**
 * Dials Berth's services over unix sockets (in-process when this process serves the socket), sending
 * the containerd namespace (and the scope's lease) with every call.
 */
public final class GrpcChannels {
    private static final EventLoopGroup LOOP = UnixSockets.newEventLoopGroup(1, "grpc-client");

    private GrpcChannels() {}

    /** A channel to the service at {@code address} (unix:///path or a path), in the given namespace. */
    public static ManagedChannel dial(String address, String namespace) {
        return dial(UnixSockets.pathOf(address), namespace);
    }

    /** Over the socket, or in-process while this process serves the socket itself ({@link LocalFirstChannel}). */
    public static ManagedChannel dial(Path socket, String namespace) {
        ClientInterceptor[] interceptors = interceptors(namespace);
        return new LocalFirstChannel(socket, overSocket(socket, interceptors), interceptors);
    }

    /** Always over the socket, as a client in another process calls: what the services' own tests use. */
    public static ManagedChannel dialOverSocket(Path socket, String namespace) {
        return overSocket(socket, interceptors(namespace));
    }

    private static ClientInterceptor[] interceptors(String namespace) {
        return new ClientInterceptor[] {new NamespaceInterceptor.Client(namespace), new LeaseContext.Client()};
    }

    private static ManagedChannel overSocket(Path socket, ClientInterceptor[] interceptors) {
        return NettyChannelBuilder.forAddress(UnixSockets.domainAddress(socket))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(LOOP)
                .usePlaintext()
                .maxInboundMessageSize(32 * 1024 * 1024)
                .intercept(interceptors)
                .build();
    }
}
