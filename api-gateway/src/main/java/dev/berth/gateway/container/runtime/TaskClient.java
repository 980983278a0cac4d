package dev.berth.gateway.container.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.ArchiveChunk;
import dev.berth.api.runtime.v1.ArchiveInRequest;
import dev.berth.api.runtime.v1.ArchiveOutRequest;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.ChangesRequest;
import dev.berth.api.runtime.v1.ChangesResponse;
import dev.berth.api.runtime.v1.CloseIORequest;
import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.PauseRequest;
import dev.berth.api.runtime.v1.PidsRequest;
import dev.berth.api.runtime.v1.PidsResponse;
import dev.berth.api.runtime.v1.ResizePtyRequest;
import dev.berth.api.runtime.v1.ResumeRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StatPathRequest;
import dev.berth.api.runtime.v1.StatPathResponse;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.StatsRequest;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.UpdateTaskRequest;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The calls the gateway makes on one container's shim, through the host of its group. Every
 * unary call has a deadline; a call that finds the host gone relaunches it (the new host takes
 * the container back) and is made once more.
 */
final class TaskClient {
    static final long CALL_SECONDS = 30;
    private static final int UNAVAILABLE_ATTEMPTS = 4;

    private final ShimHosts hosts;
    private final String group;
    private final String id;

    TaskClient(ShimHosts hosts, String group, String id) {
        this.hosts = hosts;
        this.group = group;
        this.id = id;
    }

    String id() {
        return id;
    }

    String group() {
        return group;
    }

    private <T> T call(long seconds, Function<TaskGrpc.TaskBlockingStub, T> body) {
        ManagedChannel channel = hosts.existingChannel(group);
        if (channel == null) {
            channel = hosts.channel(group);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return body.apply(TaskGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS));
            } catch (StatusRuntimeException e) {
                // a host that crashed, or one that ended itself (idle) as the call arrived: the
                // next channel is a live host, relaunched if need be, which knows the container
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt >= UNAVAILABLE_ATTEMPTS) {
                    throw e;
                }
                sleep(100L * attempt);
                channel = hosts.channel(group);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(Function<TaskGrpc.TaskBlockingStub, T> body) {
        return call(CALL_SECONDS, body);
    }

    void create(CreateTaskRequest.Builder request) {
        call(s -> s.create(request.setId(id).build()));
    }

    int start(String execId) {
        return call(s -> s.start(StartRequest.newBuilder().setId(id).setExecId(execId).build())).getPid();
    }

    StateResponse state(String execId) {
        return call(10, s -> s.state(StateRequest.newBuilder().setId(id).setExecId(execId).build()));
    }

    /** Blocks until the process exits; no deadline (a container runs as long as it likes). */
    WaitResponse awaitExit(String execId) {
        ManagedChannel channel = hosts.channel(group);
        return TaskGrpc.newBlockingStub(channel).wait(WaitRequest.newBuilder().setId(id).setExecId(execId).build());
    }

    void kill(String execId, int signal, boolean all) {
        call(s -> s.kill(KillRequest.newBuilder().setId(id).setExecId(execId).setSignal(signal).setAll(all).build()));
    }

    void delete(String execId) {
        call(s -> s.delete(DeleteRequest.newBuilder().setId(id).setExecId(execId).build()));
    }

    void exec(ExecProcessRequest.Builder request) {
        call(s -> s.exec(request.setId(id).build()));
    }

    void resize(String execId, int width, int height) {
        call(10, s -> s.resizePty(ResizePtyRequest.newBuilder().setId(id).setExecId(execId)
                .setWidth(width).setHeight(height).build()));
    }

    void closeStdin(String execId) {
        call(10, s -> s.closeIO(CloseIORequest.newBuilder().setId(id).setExecId(execId).setStdin(true).build()));
    }

    void pause() {
        call(s -> s.pause(PauseRequest.newBuilder().setId(id).build()));
    }

    void resume() {
        call(s -> s.resume(ResumeRequest.newBuilder().setId(id).build()));
    }

    PidsResponse pids() {
        return call(s -> s.pids(PidsRequest.newBuilder().setId(id).build()));
    }

    StatsResponse stats() {
        return call(10, s -> s.stats(StatsRequest.newBuilder().setId(id).build()));
    }

    void update(byte[] resourcesJson) {
        call(s -> s.update(UpdateTaskRequest.newBuilder().setId(id).setResources(ByteString.copyFrom(resourcesJson)).build()));
    }

    StatPathResponse statPath(String path, List<String> throughMounts) {
        return call(s -> s.statPath(StatPathRequest.newBuilder().setId(id).setPath(path).addAllThroughMounts(throughMounts).build()));
    }

    /** The tar of {@code path}, chunk by chunk; the caller reads it to the end or cancels. */
    Iterator<ArchiveChunk> archiveOut(String path, List<String> throughMounts) {
        ManagedChannel channel = hosts.channel(group);
        return TaskGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.MINUTES)
                .archiveOut(ArchiveOutRequest.newBuilder().setId(id).setPath(path).addAllThroughMounts(throughMounts).build());
    }

    StreamObserver<ArchiveInRequest> archiveIn(StreamObserver<com.google.protobuf.Empty> done) {
        return TaskGrpc.newStub(hosts.channel(group)).withDeadlineAfter(10, TimeUnit.MINUTES).archiveIn(done);
    }

    ChangesResponse changes(List<Mount> lower) {
        return call(120, s -> s.changes(ChangesRequest.newBuilder().setId(id).addAllLower(lower).build()));
    }

    StreamObserver<AttachRequest> attach(StreamObserver<AttachResponse> responses) {
        return TaskGrpc.newStub(hosts.channel(group)).attach(responses);
    }

    static Instant instant(Timestamp timestamp) {
        if (timestamp == null || (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0)) {
            return null;
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
