package dev.berth.shim;

import com.google.protobuf.Empty;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.CreateRequest;
import dev.berth.api.runtime.v1.CreateResponse;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.DeleteResponse;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.ShimGrpc;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StartResponse;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** berth.runtime.v1.Shim over the one {@link Container} this shim owns. */
final class ShimService extends ShimGrpc.ShimImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ShimService.class);

    private final Container container;
    private final Runnable onDeleted;

    /** @param onDeleted runs once a Delete has been answered: the shim's work is done */
    ShimService(Container container, Runnable onDeleted) {
        this.container = container;
        this.onDeleted = onDeleted;
    }

    /** A unary call's body; what it throws becomes the call's status. */
    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> void answer(StreamObserver<T> out, Call<T> call) {
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

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> out) {
        answer(out, () -> {
            container.create(request);
            return CreateResponse.getDefaultInstance();
        });
    }

    @Override
    public void start(StartRequest request, StreamObserver<StartResponse> out) {
        answer(out, () -> StartResponse.newBuilder().setPid(container.start()).build());
    }

    @Override
    public void state(StateRequest request, StreamObserver<StateResponse> out) {
        answer(out, () -> {
            Container.Snapshot s = container.snapshot();
            StateResponse.Builder response = StateResponse.newBuilder().setId(s.id()).setStatus(s.status())
                    .setPid(s.pid()).setBundle(s.bundle());
            if (s.startedAt() != null) {
                response.setStartedAt(Timestamps.proto(s.startedAt()));
            }
            if (s.lastExit() != null) {
                response.setExitStatus(s.lastExit().exitStatus()).setExitedAt(Timestamps.proto(s.lastExit().exitedAt()));
            }
            return response.build();
        });
    }

    @Override
    public void wait(WaitRequest request, StreamObserver<WaitResponse> out) {
        try {
            container.awaitExit().whenComplete((exit, error) -> {
                if (error != null) {
                    out.onError(toStatus(error));
                } else {
                    out.onNext(WaitResponse.newBuilder().setExitStatus(exit.exitStatus())
                            .setExitedAt(Timestamps.proto(exit.exitedAt())).build());
                    out.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            out.onError(toStatus(e));
        }
    }

    @Override
    public void kill(KillRequest request, StreamObserver<Empty> out) {
        answer(out, () -> {
            container.kill(request.getSignal() > Integer.MAX_VALUE ? -1 : request.getSignal(), request.getAll());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        DeleteResponse response;
        try {
            ExitRecord last = container.delete();
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
        onDeleted.run();
    }

    @Override
    public StreamObserver<AttachRequest> attach(StreamObserver<AttachResponse> responses) {
        ServerCallStreamObserver<AttachResponse> out = (ServerCallStreamObserver<AttachResponse>) responses;
        return new StreamObserver<>() {
            private Attachment attachment;
            private boolean failed;

            {
                out.setOnCancelHandler(() -> {
                    synchronized (this) {
                        if (attachment != null) {
                            container.detach(attachment);
                        }
                    }
                });
            }

            @Override
            public synchronized void onNext(AttachRequest request) {
                if (failed) {
                    return;
                }
                try {
                    if (attachment == null) {
                        if (!request.hasOptions()) {
                            throw Status.INVALID_ARGUMENT.withDescription("the first attach request must carry the options")
                                    .asRuntimeException();
                        }
                        attachment = container.attach(request.getOptions(), out);
                    }
                    if (!request.getStdin().isEmpty()) {
                        container.writeStdin(attachment, request.getStdin().toByteArray());
                    }
                    if (request.getCloseStdin()) {
                        container.inputEnded(attachment);
                    }
                } catch (Exception e) {
                    failed = true;
                    if (attachment != null) {
                        container.detach(attachment);
                    }
                    out.onError(toStatus(e));
                }
            }

            @Override
            public synchronized void onError(Throwable t) {
                // the client went away: for a stdin_once container that is the end of its input
                if (attachment != null) {
                    container.detach(attachment);
                    endInput();
                }
            }

            @Override
            public synchronized void onCompleted() {
                // half-close: no more input, but the output keeps coming until the run ends
                if (attachment != null) {
                    endInput();
                }
            }

            private void endInput() {
                try {
                    container.inputEnded(attachment);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
