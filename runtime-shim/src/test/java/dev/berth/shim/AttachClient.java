package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.AttachOptions;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.AttachResponse;
import dev.berth.api.runtime.v1.StdStream;
import dev.berth.api.runtime.v1.TaskGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A test's attached client: collects what the host sends per stream and can send input. */
final class AttachClient implements StreamObserver<AttachResponse> {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CountDownLatch acknowledged = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable error;
    private StreamObserver<AttachRequest> requests;

    static AttachClient attach(ManagedChannel channel, String id, String execId, boolean stdin, boolean stdout, boolean stderr) {
        AttachClient client = new AttachClient();
        client.requests = TaskGrpc.newStub(channel).attach(client);
        client.requests.onNext(AttachRequest.newBuilder().setOptions(AttachOptions.newBuilder().setId(id).setExecId(execId)
                .setStdin(stdin).setStdout(stdout).setStderr(stderr)).build());
        return client;
    }

    /** Waits for the host's empty first message: from now on no output is missed. */
    AttachClient awaitAttached() throws InterruptedException {
        assertTrue(acknowledged.await(20, TimeUnit.SECONDS) || done.getCount() == 0, "attach was not acknowledged");
        return this;
    }

    void send(String text) {
        requests.onNext(AttachRequest.newBuilder().setStdin(ByteString.copyFromUtf8(text)).build());
    }

    void closeStdin() {
        requests.onNext(AttachRequest.newBuilder().setCloseStdin(true).build());
    }

    void halfClose() {
        requests.onCompleted();
    }

    boolean awaitDone(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    /** Waits until stdout contains {@code text}; false on timeout. */
    boolean awaitStdout(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (stdout().contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    Throwable error() {
        return error;
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void onNext(AttachResponse response) {
        acknowledged.countDown();
        (response.getStream() == StdStream.STDERR ? stderr : stdout).writeBytes(response.getData().toByteArray());
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done.countDown();
    }

    @Override
    public void onCompleted() {
        done.countDown();
    }
}
