package dev.berth.shim.task;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.ArchiveChunk;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An OutputStream sent as ArchiveChunk messages of up to 64 KiB, each only when the client can
 * take it (gRPC's isReady), so a large archive never piles up in the host's memory.
 */
final class ChunkStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final ServerCallStreamObserver<ArchiveChunk> out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final byte[] buffer = new byte[CHUNK];
    private int size;

    ChunkStream(ServerCallStreamObserver<ArchiveChunk> out) {
        this.out = out;
        out.setOnReadyHandler(() -> {
            lock.lock();
            try {
                ready.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (size == CHUNK) {
            send();
        }
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        while (length > 0) {
            if (size == CHUNK) {
                send();
            }
            int n = Math.min(length, CHUNK - size);
            System.arraycopy(data, offset, buffer, size, n);
            size += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (size > 0) {
            send();
        }
    }

    private void send() throws IOException {
        lock.lock();
        try {
            while (!out.isReady()) {
                if (out.isCancelled()) {
                    throw new IOException("the client cancelled the archive");
                }
                ready.await(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            lock.unlock();
        }
        try {
            out.onNext(ArchiveChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, size)).build());
        } catch (RuntimeException e) {
            throw new IOException(Status.fromThrowable(e).toString(), e);
        }
        size = 0;
    }
}
