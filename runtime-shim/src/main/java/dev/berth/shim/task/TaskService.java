package dev.berth.shim.task;

import com.google.protobuf.Empty;
import dev.berth.api.runtime.v1.ArchiveChunk;
import dev.berth.api.runtime.v1.ArchiveInRequest;
import dev.berth.api.runtime.v1.ArchiveOutRequest;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.ChangesRequest;
import dev.berth.api.runtime.v1.ChangesResponse;
import dev.berth.api.runtime.v1.CloseIORequest;
import dev.berth.api.runtime.v1.ConnectRequest;
import dev.berth.api.runtime.v1.ConnectResponse;
import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.api.runtime.v1.CreateTaskResponse;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.DeleteResponse;
import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.PauseRequest;
import dev.berth.api.runtime.v1.PidsRequest;
import dev.berth.api.runtime.v1.PidsResponse;
import dev.berth.api.runtime.v1.ResizePtyRequest;
import dev.berth.api.runtime.v1.ResumeRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StartResponse;
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
import dev.berth.shim.io.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** berth.runtime.v1.Task: every request names its container, and for an exec its exec id. */
public final class TaskService extends TaskGrpc.TaskImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
    public static final String VERSION = "berth-shim 0.1.0";

    private final ContainerRegistry registry;

    public TaskService(ContainerRegistry registry) {
        this.registry = registry;
    }

    /** A unary call's body; what it throws becomes the call's status. */
    interface Call<T> {
        T run() throws Exception;
    }

    static <T> void answer(StreamObserver<T> out, Call<T> call) {
        T response;
        try {
            response = call.run();
        } catch (Exception e) {
            out.onError(toStatus(e));
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    static StatusRuntimeException toStatus(Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
        LOG.warn("call failed", e);
        return Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).withCause(e).asRuntimeException();
    }

    private Container container(String id) {
        if (id.isEmpty()) {
            throw Errors.invalid("the request must name the container (id)");
        }
        return registry.get(id);
    }

    @Override
    public void create(CreateTaskRequest request, StreamObserver<CreateTaskResponse> out) {
        answer(out, () -> {
            registry.create(request);
            return CreateTaskResponse.getDefaultInstance();
        });
    }

    @Override
    public void start(StartRequest request, StreamObserver<StartResponse> out) {
        answer(out, () -> {
            Container c = container(request.getId());
            int pid = request.getExecId().isEmpty() ? Launcher.startInit(c) : Launcher.startExec(c, request.getExecId());
            return StartResponse.newBuilder().setPid(pid).build();
        });
    }

    @Override
    public void state(StateRequest request, StreamObserver<StateResponse> out) {
        answer(out, () -> {
            Container c = container(request.getId());
            TaskProcess p = c.process(request.getExecId());
            synchronized (c) {
                StateResponse.Builder response = StateResponse.newBuilder().setId(c.id).setExecId(p.execId).setStatus(p.status)
                        .setPid(p.pid).setBundle(c.record.bundle).setTerminal(p.terminal);
                if (p.startedAt != null) {
                    response.setStartedAt(Timestamps.proto(p.startedAt));
                }
                if (p.lastExit != null) {
                    response.setExitStatus(p.lastExit.exitStatus()).setExitedAt(Timestamps.proto(p.lastExit.exitedAt()));
                    if (p.lastExit.error() != null) {
                        response.setError(p.lastExit.error());
                    }
                }
                return response.build();
            }
        });
    }

    @Override
    public void wait(WaitRequest request, StreamObserver<WaitResponse> out) {
        try {
            container(request.getId()).awaitExit(request.getExecId()).whenComplete((exit, error) -> {
                if (error != null) {
                    out.onError(toStatus(error));
                    return;
                }
                WaitResponse.Builder response = WaitResponse.newBuilder().setExitStatus(exit.exitStatus())
                        .setExitedAt(Timestamps.proto(exit.exitedAt()));
                if (exit.error() != null) {
                    response.setError(exit.error());
                }
                out.onNext(response.build());
                out.onCompleted();
            });
        } catch (RuntimeException e) {
            out.onError(toStatus(e));
        }
    }

    @Override
    public void kill(KillRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            int signal = request.getSignal() > 64 ? -1 : request.getSignal();
            container(request.getId()).kill(request.getExecId(), signal, request.getAll());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        Container c;
        DeleteResponse response;
        try {
            c = container(request.getId());
            ExitRecord last = c.delete(request.getExecId());
            DeleteResponse.Builder builder = DeleteResponse.newBuilder();
            if (last != null) {
                builder.setExitStatus(last.exitStatus()).setExitedAt(Timestamps.proto(last.exitedAt()));
            }
            response = builder.build();
        } catch (Exception e) {
            out.onError(toStatus(e));
            return;
        }
        out.onNext(response);
        out.onCompleted();
        if (request.getExecId().isEmpty()) {
            registry.deleted(c);
        }
    }

    @Override
    public void exec(ExecProcessRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            Launcher.createExec(container(request.getId()), request);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resizePty(ResizePtyRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            Terminals.resize(container(request.getId()), request);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void closeIO(CloseIORequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            TaskProcess p = container(request.getId()).process(request.getExecId());
            if (request.getStdin()) {
                registry.services().loop().execute(p.stdin::requestClose);
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void pause(PauseRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            container(request.getId()).pause(true);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resume(ResumeRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            container(request.getId()).pause(false);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void pids(PidsRequest request, StreamObserver<PidsResponse> out) {
        answer(out, () -> Inspector.pids(container(request.getId())));
    }

    @Override
    public void stats(StatsRequest request, StreamObserver<StatsResponse> out) {
        answer(out, () -> Inspector.stats(container(request.getId())));
    }

    @Override
    public void update(UpdateTaskRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            Inspector.update(container(request.getId()), request.getResources().toByteArray());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<AttachRequest> attach(StreamObserver<AttachResponse> responses) {
        return new AttachStream(registry, (ServerCallStreamObserver<AttachResponse>) responses);
    }

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
        answer(out, () -> {
            ConnectResponse.Builder response = ConnectResponse.newBuilder().setShimPid((int) ProcessHandle.current().pid())
                    .setVersion(VERSION);
            if (!request.getId().isEmpty()) {
                Container c = container(request.getId());
                synchronized (c) {
                    c.requireLive();
                    response.setTaskPid(c.init.pid);
                }
            }
            return response.build();
        });
    }

    @Override
    public void statPath(StatPathRequest request, StreamObserver<StatPathResponse> out) {
        answer(out, () -> FilesystemCalls.statPath(container(request.getId()), request.getPath(), request.getThroughMountsList()));
    }

    @Override
    public void archiveOut(ArchiveOutRequest request, StreamObserver<ArchiveChunk> responses) {
        ServerCallStreamObserver<ArchiveChunk> out = (ServerCallStreamObserver<ArchiveChunk>) responses;
        ChunkStream chunks = new ChunkStream(out);
        try {
            FilesystemCalls.archiveOut(container(request.getId()), request.getPath(), request.getThroughMountsList(), chunks);
            chunks.close();
        } catch (Exception e) {
            out.onError(toStatus(e));
            return;
        }
        out.onCompleted();
    }

    @Override
    public StreamObserver<ArchiveInRequest> archiveIn(StreamObserver<Empty> out) {
        return new ArchiveInStream(registry, out);
    }

    @Override
    public void changes(ChangesRequest request, StreamObserver<ChangesResponse> out) {
        answer(out, () -> FilesystemCalls.changes(container(request.getId()), request.getLowerList()));
    }
}
