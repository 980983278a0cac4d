package dev.berth.content;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client of one Write stream: sends a message and waits for its answer (or the stream's error). */
final class Writer {
    private static final Object DONE = new Object();
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StreamObserver<WriteContentRequest> requests;

    Writer(ContentGrpc.ContentStub stub) {
        requests = stub.write(new StreamObserver<>() {
            @Override
            public void onNext(WriteContentResponse response) {
                events.add(response);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }

            @Override
            public void onCompleted() {
                events.add(DONE);
            }
        });
    }

    WriteContentResponse send(WriteContentRequest request) throws InterruptedException {
        requests.onNext(request);
        Object event = events.poll(10, TimeUnit.SECONDS);
        if (event instanceof StatusRuntimeException error) {
            throw error;
        }
        if (event instanceof WriteContentResponse response) {
            return response;
        }
        throw new AssertionError("unexpected event " + event);
    }

    WriteContentResponse stat(String ref) throws InterruptedException {
        return send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).build());
    }

    WriteContentResponse write(String ref, long offset, byte[] data) throws InterruptedException {
        return send(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref).setOffset(offset)
                .setData(ByteString.copyFrom(data)).build());
    }

    WriteContentResponse commit(String ref, long offset, long total, String expected, Map<String, String> labels)
            throws InterruptedException {
        return send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setOffset(offset)
                .setTotal(total).setExpected(expected).putAllLabels(labels).build());
    }

    /** Half-closes the stream and waits for the server to end it. */
    void close() throws InterruptedException {
        requests.onCompleted();
        Object event = events.poll(10, TimeUnit.SECONDS);
        if (event != DONE) {
            throw new AssertionError("stream did not end cleanly: " + event);
        }
    }

    /** Abandons the stream, as a client that crashed or timed out. */
    void cancel() {
        requests.onError(Status.CANCELLED.withDescription("client went away").asRuntimeException());
    }
}
