package dev.berth.gateway.container.runtime;

import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.CreateRequest;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.ShimGrpc;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The gateway's channel to one container's berth-shim, and the calls it makes on it. */
final class ShimConnection implements AutoCloseable {
    private static final long CALL_SECONDS = 60;

    private final Path socket;
    private final ManagedChannel channel;

    private ShimConnection(Path socket, ManagedChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    static ShimConnection dial(Path socket, String namespace) {
        return new ShimConnection(socket, GrpcChannels.dial(socket, namespace));
    }

    Path socket() {
        return socket;
    }

    /** True when the shim answers gRPC health checking with SERVING within {@code timeoutMillis}. */
    boolean healthy(long timeoutMillis) {
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .withWaitForReady()
                    .check(HealthCheckRequest.getDefaultInstance());
            return response.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    void create(String id, Path bundle, List<Mount> rootfs, boolean openStdin, boolean stdinOnce, boolean terminal,
            Path logPath) {
        blocking().create(CreateRequest.newBuilder()
                .setId(id)
                .setBundle(bundle.toString())
                .addAllRootfs(rootfs)
                .setOpenStdin(openStdin)
                .setStdinOnce(stdinOnce)
                .setTerminal(terminal)
                .setLogPath(logPath.toString())
                .build());
    }

    int start() {
        return blocking().start(StartRequest.getDefaultInstance()).getPid();
    }

    StateResponse state(long timeoutMillis) {
        return ShimGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                .state(StateRequest.getDefaultInstance());
    }

    /** Blocks until the running process exits (returns at once when none runs). */
    WaitResponse awaitExit() {
        return ShimGrpc.newBlockingStub(channel).wait(WaitRequest.getDefaultInstance());
    }

    void kill(int signal) {
        blocking().kill(KillRequest.newBuilder().setSignal(signal).build());
    }

    void delete() {
        blocking().delete(DeleteRequest.getDefaultInstance());
    }

    StreamObserver<AttachRequest> attach(StreamObserver<AttachResponse> responses) {
        return ShimGrpc.newStub(channel).attach(responses);
    }

    private ShimGrpc.ShimBlockingStub blocking() {
        return ShimGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    static Instant instant(Timestamp timestamp) {
        if (timestamp == null || (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0)) {
            return null;
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
