package dev.berth.shim.io;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.AttachOptions;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.StdStream;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One attached client: the output streams it asked for, sent one message at a time. A client
 * that does not keep up ({@link #isReady} false) makes the process's output pause, so the
 * container waits on a full pipe rather than the host buffering without limit, as Docker's
 * attach does.
 */
public final class Attachment {
    private final ServerCallStreamObserver<AttachResponse> out;
    private final AttachOptions options;
    private boolean closed;

    public Attachment(ServerCallStreamObserver<AttachResponse> out, AttachOptions options) {
        this.out = out;
        this.options = options;
    }

    public boolean wantsStdin() {
        return options.getStdin();
    }

    /**
     * The first message, with no data: the client knows it is attached and may call Start
     * without losing output (gRPC gives a client no other sign that the server has its options).
     */
    public synchronized void acknowledge() {
        send(AttachResponse.newBuilder().setStream(StdStream.STDOUT).build());
    }

    public synchronized void output(StdStream stream, byte[] data) {
        boolean wanted = stream == StdStream.STDOUT ? options.getStdout() : options.getStderr();
        if (wanted && data.length > 0) {
            send(AttachResponse.newBuilder().setStream(stream).setData(ByteString.copyFrom(data)).build());
        }
    }

    /** Whether the client can take more now; a closed one does not hold anything up. */
    public synchronized boolean isReady() {
        if (closed) {
            return true;
        }
        try {
            return out.isReady() || out.isCancelled();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The run ended and its output is drained. */
    public synchronized void complete() {
        if (!closed) {
            closed = true;
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    public synchronized void fail(RuntimeException status) {
        if (!closed) {
            closed = true;
            try {
                out.onError(status);
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    public synchronized void cancelled() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void send(AttachResponse response) {
        if (closed) {
            return;
        }
        try {
            out.onNext(response);
        } catch (RuntimeException e) {
            closed = true; // cancelled by the client
        }
    }
}
