package dev.berth.common.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A channel to the service on a unix socket that takes each call in-process while this process
 * serves that socket itself, and over the socket otherwise. Decided per call: the services of one
 * process open in parallel, so a client may be made before the server it calls is up.
 */
final class LocalFirstChannel extends ManagedChannel {
    private final Path socket;
    private final ManagedChannel overSocket;
    private final ClientInterceptor[] interceptors;
    private volatile ManagedChannel inProcess;

    LocalFirstChannel(Path socket, ManagedChannel overSocket, ClientInterceptor... interceptors) {
        this.socket = socket;
        this.overSocket = overSocket;
        this.interceptors = interceptors.clone();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return (InProcessServers.isServing(socket) ? inProcess() : overSocket).newCall(method, options);
    }

    private ManagedChannel inProcess() {
        ManagedChannel channel = inProcess;
        if (channel == null) {
            synchronized (this) {
                channel = inProcess;
                if (channel == null) {
                    channel = InProcessChannelBuilder.forName(InProcessServers.name(socket)).intercept(interceptors).build();
                    if (overSocket.isShutdown()) {
                        channel.shutdown();
                    }
                    inProcess = channel;
                }
            }
        }
        return channel;
    }

    @Override
    public String authority() {
        return overSocket.authority();
    }

    @Override
    public ManagedChannel shutdown() {
        overSocket.shutdown();
        ManagedChannel channel = inProcess;
        if (channel != null) {
            channel.shutdown();
        }
        return this;
    }

    @Override
    public ManagedChannel shutdownNow() {
        overSocket.shutdownNow();
        ManagedChannel channel = inProcess;
        if (channel != null) {
            channel.shutdownNow();
        }
        return this;
    }

    @Override
    public boolean isShutdown() {
        return overSocket.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        ManagedChannel channel = inProcess;
        return overSocket.isTerminated() && (channel == null || channel.isTerminated());
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!overSocket.awaitTermination(timeout, unit)) {
            return false;
        }
        ManagedChannel channel = inProcess;
        return channel == null || channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
