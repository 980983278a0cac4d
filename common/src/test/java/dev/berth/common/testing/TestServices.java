package dev.berth.common.testing;

import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.grpc.GrpcServer;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Serves services on a socket in a test's temporary directory and dials them, as the real processes do. */
public final class TestServices implements AutoCloseable {
    private final GrpcServer server;
    private final ManagedChannel channel;

    private TestServices(GrpcServer server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    public static TestServices serve(Path dir, BindableService... services) throws IOException {
        GrpcServer server = GrpcServer.start(dir.resolve("test.sock"), List.of(services));
        return new TestServices(server, GrpcChannels.dialOverSocket(server.socket(), "default"));
    }

    public ManagedChannel channel() {
        return channel;
    }

    public Path socket() {
        return server.socket();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.close();
    }
}
