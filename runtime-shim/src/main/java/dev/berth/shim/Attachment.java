package dev.berth.shim;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.AttachOptions;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.StdStream;
import io.grpc.stub.ServerCallStreamObserver;

/** One attached client: the output streams it asked for, sent one message at a time. */
final class Attachment {
    private final ServerCallStreamObserver<AttachResponse> out;
    private final AttachOptions options;
    private boolean closed;

    Attachment(ServerCallStreamObserver<AttachResponse> out, AttachOptions options) {
        this.out = out;
        this.options = options;
    }

    boolean wantsStdin() {
        return options.getStdin();
    }

    /**
     * The first message, with no data: the client knows it is attached and may call Start
     * without losing output (gRPC gives a client no other sign that the server has its options).
     */
    synchronized void acknowledge() {
        send(AttachResponse.newBuilder().setStream(StdStream.STDOUT).build());
    }

    synchronized void output(StdStream stream, byte[] data) {
        boolean wanted = stream == StdStream.STDOUT ? options.getStdout() : options.getStderr();
        if (wanted && data.length > 0) {
            send(AttachResponse.newBuilder().setStream(stream).setData(ByteString.copyFrom(data)).build());
        }
    }

    /** The run ended and its output is drained. */
    synchronized void complete() {
        if (!closed) {
            closed = true;
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    synchronized void cancelled() {
        closed = true;
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
