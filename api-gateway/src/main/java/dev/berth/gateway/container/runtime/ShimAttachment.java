package dev.berth.gateway.container.runtime;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.AttachOptions;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.StdStream;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.OutputSink;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One attach stream to a shim: output goes to the sink in order; stdin is sent as
 * AttachRequest messages, waiting for gRPC flow control so a fast writer cannot pile up memory.
 */
final class ShimAttachment implements Attachment, ClientResponseObserver<AttachRequest, AttachResponse> {
    private static final long ACK_SECONDS = 10;

    private final OutputSink sink;
    private final boolean stdinOpen;
    private final Object lock = new Object();
    /** The shim answers an attach with an empty message once the client is registered. */
    private final CountDownLatch acknowledged = new CountDownLatch(1);
    private final OutputStream stdin = new StdinStream();
    private ClientCallStreamObserver<AttachRequest> requests;

    // guarded by lock
    private boolean ackReceived;
    private boolean finished;
    private boolean endedBeforeAck;
    private Throwable failureBeforeAck;
    private boolean inputClosed;

    private ShimAttachment(OutputSink sink, boolean stdinOpen) {
        this.sink = sink;
        this.stdinOpen = stdinOpen;
    }

    /** Opens the stream and returns once the shim has registered it; the first message carries the options. */
    static ShimAttachment open(TaskClient task, String execId, dev.berth.gateway.container.AttachOptions options,
            boolean stdinOpen, OutputSink sink) {
        boolean withStdin = options.stdin() && stdinOpen;
        ShimAttachment attachment = new ShimAttachment(sink, withStdin);
        task.attach(attachment);
        attachment.requests.onNext(AttachRequest.newBuilder()
                .setOptions(AttachOptions.newBuilder()
                        .setId(task.id())
                        .setExecId(execId)
                        .setStdin(withStdin)
                        .setStdout(options.stdout())
                        .setStderr(options.stderr()))
                .build());
        // The container may start as soon as this returns: its first output must not be lost.
        try {
            if (!attachment.acknowledged.await(ACK_SECONDS, TimeUnit.SECONDS)) {
                attachment.requests.cancel("no acknowledgement", null);
                throw DockerApiException.serverError("the shim did not accept the attach within " + ACK_SECONDS + "s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attachment.requests.cancel("interrupted", e);
            throw DockerApiException.serverError("interrupted while attaching", e);
        }
        Throwable failure;
        boolean ended;
        synchronized (attachment.lock) {
            failure = attachment.failureBeforeAck;
            ended = attachment.endedBeforeAck;
        }
        if (failure != null) {
            throw DockerApiException.serverError("attach failed: " + failure.getMessage(), failure);
        }
        if (ended) {
            sink.closed(null);
        }
        return attachment;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<AttachRequest> requestStream) {
        this.requests = requestStream;
        requestStream.setOnReadyHandler(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
    }

    @Override
    public void onNext(AttachResponse response) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            ackReceived = true;
        }
        acknowledged.countDown();
        if (!response.getData().isEmpty()) {
            sink.output(response.getStream() == StdStream.STDERR ? 2 : 1, response.getData().toByteArray());
        }
    }

    @Override
    public void onError(Throwable error) {
        finish(error);
    }

    @Override
    public void onCompleted() {
        finish(null);
    }

    private void finish(Throwable error) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            lock.notifyAll();
            if (!ackReceived) {
                endedBeforeAck = true;
                failureBeforeAck = error;
            }
        }
        if (acknowledged.getCount() > 0) {
            acknowledged.countDown(); // open() reports it
            return;
        }
        sink.closed(error);
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    /** Detaches: cancels the stream; the container is left as it is. */
    @Override
    public void close() {
        synchronized (lock) {
            inputClosed = true;
        }
        requests.cancel("detached", null);
        finish(null);
    }

    private final class StdinStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            if (!stdinOpen || length == 0) {
                return;
            }
            synchronized (lock) {
                while (!requests.isReady() && !finished && !inputClosed) {
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while sending stdin");
                    }
                }
                if (finished || inputClosed) {
                    throw new IOException("the attach stream is closed");
                }
                requests.onNext(AttachRequest.newBuilder().setStdin(ByteString.copyFrom(data, offset, length)).build());
            }
        }

        /** End of input: close_stdin, then the request stream is half-closed; output keeps coming. */
        @Override
        public void close() {
            synchronized (lock) {
                if (inputClosed || finished) {
                    return;
                }
                inputClosed = true;
                if (stdinOpen) {
                    requests.onNext(AttachRequest.newBuilder().setCloseStdin(true).build());
                }
                requests.onCompleted();
            }
        }
    }
}
