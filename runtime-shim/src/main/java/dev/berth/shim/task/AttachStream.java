package dev.berth.shim.task;

import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.Status;
import dev.berth.shim.io.Attachment;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One Attach call: the first request names the process and carries the options; the server's
 * first message is an empty acknowledgement. Input is forwarded only with the container's
 * open_stdin (an exec's stdin) and the client's options.stdin; the client's next message is
 * requested only once its input is written or queued below the low-water mark (flow control
 * back to the client). close_stdin, a half-close or a cancelled stream closes the process's
 * stdin when stdin_once (always for an exec).
 */
final class AttachStream implements StreamObserver<AttachRequest> {
    private final ContainerRegistry registry;
    private final ServerCallStreamObserver<AttachResponse> out;
    private Container container;
    private TaskProcess process;
    private Attachment attachment;
    private boolean failed;
    private boolean inputEnded;

    AttachStream(ContainerRegistry registry, ServerCallStreamObserver<AttachResponse> out) {
        this.registry = registry;
        this.out = out;
        out.disableAutoRequest();
        out.setOnCancelHandler(() -> {
            synchronized (this) {
                detach();
                endInput();
            }
        });
        out.setOnReadyHandler(this::clientReady);
        out.request(1);
    }

    @Override
    public synchronized void onNext(AttachRequest request) {
        if (failed) {
            return;
        }
        try {
            if (attachment == null) {
                attach(request);
            }
            if (!request.getStdin().isEmpty() && attachment.wantsStdin() && process.stdinEnabled) {
                byte[] data = request.getStdin().toByteArray();
                TaskProcess target = process;
                registry.services().loop().execute(() -> {
                    target.stdin.write(data);
                    target.stdin.whenWritable(() -> out.request(1));
                });
            } else {
                out.request(1);
            }
            if (request.getCloseStdin()) {
                endInput();
            }
        } catch (RuntimeException e) {
            failed = true;
            detach();
            out.onError(TaskService.toStatus(e));
        }
    }

    private void attach(AttachRequest request) {
        if (!request.hasOptions()) {
            throw Errors.invalid("the first attach request must carry the options");
        }
        if (request.getOptions().getId().isEmpty()) {
            throw Errors.invalid("the attach options must name the container");
        }
        container = registry.get(request.getOptions().getId());
        process = container.process(request.getOptions().getExecId());
        attachment = new Attachment(out, request.getOptions());
        attachment.acknowledge();
        synchronized (container) {
            container.requireLive();
            boolean execOver = !process.isInit() && process.status == Status.STOPPED && process.run == null;
            if (execOver) {
                attachment.complete(); // an exec runs once: nothing more will come
            } else {
                process.attachments.add(attachment);
            }
        }
    }

    private void clientReady() {
        TaskProcess p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            registry.services().loop().execute(() -> {
                ProcessRun run = p.run;
                if (run != null) {
                    run.resumeOutput();
                }
            });
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        // the client went away: for a stdin_once process that is the end of its input
        detach();
        endInput();
    }

    @Override
    public synchronized void onCompleted() {
        // half-close: no more input, but the output keeps coming until the run ends
        endInput();
    }

    private void detach() {
        if (attachment != null) {
            attachment.cancelled();
            process.attachments.remove(attachment);
            clientReady(); // a paused output must not wait for a client that is gone
        }
    }

    private void endInput() {
        if (attachment == null || inputEnded || !attachment.wantsStdin() || !process.stdinOnce) {
            return;
        }
        inputEnded = true;
        TaskProcess target = process;
        registry.services().loop().execute(target.stdin::requestClose);
    }
}
