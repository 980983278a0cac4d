package dev.berth.common.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessSocketAddress;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls to a socket this process serves stay in-process; to any other socket they go over it. */
class LocalFirstChannelTest {
    @TempDir Path dir;

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Peer/Who")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    /** Answers the kind of transport the call came over, and the namespace it was made in. */
    private static final BindableService PEER = () -> ServerServiceDefinition.builder("test.Peer")
            .addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> {
                SocketAddress remote = ServerCallAddress.REMOTE.get();
                response.onNext((remote instanceof InProcessSocketAddress ? "in-process" : "socket") + " " + NamespaceInterceptor.current());
                response.onCompleted();
            })).build();

    @Test
    void callsToThisProcessSocketsStayInProcess() throws Exception {
        Path socket = dir.resolve("peer.sock");
        ManagedChannel channel = GrpcChannels.dial(socket, "moby");
        try {
            try (GrpcServer server = GrpcServer.start(socket, List.of(ServerCallAddress.capturing(PEER)))) {
                assertEquals("in-process moby", ClientCalls.blockingUnaryCall(channel, WHO, io.grpc.CallOptions.DEFAULT, "?"));
                // the socket still serves the clients of other processes
                ManagedChannel other = GrpcChannels.dialOverSocket(socket, "default");
                try {
                    assertEquals("socket default", ClientCalls.blockingUnaryCall(other, WHO, io.grpc.CallOptions.DEFAULT, "?"));
                } finally {
                    other.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
                }
            }
            // stopped: the next call goes to the socket, where nothing answers
            StatusRuntimeException gone = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(channel, WHO, io.grpc.CallOptions.DEFAULT, "?"));
            assertEquals(Status.Code.UNAVAILABLE, gone.getStatus().getCode());
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        assertTrue(channel.isShutdown());
    }

    @Test
    void callsToAnotherServerGoOverTheSocket() throws Exception {
        Path socket = dir.resolve("elsewhere.sock");
        EventLoopGroup loop = UnixSockets.newEventLoopGroup(1, "test-elsewhere");
        // a server this process did not start through GrpcServer: as one in another process
        Server elsewhere = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                .addService(io.grpc.ServerInterceptors.intercept(ServerCallAddress.capturing(PEER), new NamespaceInterceptor()))
                .build().start();
        ManagedChannel channel = GrpcChannels.dial(socket, "moby");
        try {
            assertEquals("socket moby", ClientCalls.blockingUnaryCall(channel, WHO, io.grpc.CallOptions.DEFAULT, "?"));
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            elsewhere.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The remote address of the call being served, as a context value the handler can read. */
    private static final class ServerCallAddress {
        static final io.grpc.Context.Key<SocketAddress> REMOTE = io.grpc.Context.key("remote");

        static BindableService capturing(BindableService service) {
            return () -> io.grpc.ServerInterceptors.intercept(service, new io.grpc.ServerInterceptor() {
                @Override
                public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                        io.grpc.ServerCallHandler<Q, R> next) {
                    io.grpc.Context context = io.grpc.Context.current().withValue(REMOTE, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                    return io.grpc.Contexts.interceptCall(context, call, headers, next);
                }
            });
        }
    }
}
