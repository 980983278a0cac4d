package dev.berth.content.service;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Streams a range of a blob in 1 MiB chunks, only as fast as the client takes them (gRPC flow
 * control), so a slow reader of a large layer does not fill the server's memory.
 */
final class BlobReadStream implements Runnable {
    static final int CHUNK = 1 << 20;

    private final FileChannel file;
    private final ServerCallStreamObserver<ReadContentResponse> out;
    private final long end;
    private long position;
    private boolean done;

    private BlobReadStream(FileChannel file, long start, long end, ServerCallStreamObserver<ReadContentResponse> out) {
        this.file = file;
        this.position = start;
        this.end = end;
        this.out = out;
    }

    /** Sends bytes [start, end) of {@code file}, then closes it. */
    static void start(FileChannel file, long start, long end, ServerCallStreamObserver<ReadContentResponse> out) {
        BlobReadStream stream = new BlobReadStream(file, start, end, out);
        out.setOnCancelHandler(stream::cancel);
        out.setOnReadyHandler(stream);
        stream.run();
    }

    /** Sends while the transport has room; gRPC calls this again when it has room once more. */
    @Override
    public synchronized void run() {
        try {
            while (!done && out.isReady()) {
                if (position >= end) {
                    finish();
                    out.onCompleted();
                    return;
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, end - position));
                while (buffer.hasRemaining()) {
                    int n = file.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new IOException("blob ended early at " + (position + buffer.position()));
                    }
                }
                buffer.flip();
                out.onNext(ReadContentResponse.newBuilder().setOffset(position).setData(ByteString.copyFrom(buffer)).build());
                position += buffer.limit();
            }
        } catch (IOException | RuntimeException e) {
            if (!done) {
                finish();
                out.onError(GrpcErrors.toStatus(e));
            }
        }
    }

    private synchronized void cancel() {
        finish();
    }

    private void finish() {
        done = true;
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
