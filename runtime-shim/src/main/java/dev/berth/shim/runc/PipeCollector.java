package dev.berth.shim.runc;

import dev.berth.shim.host.EventLoop;
import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;

/** Reads a pipe's read end on the event loop until its end; completes with everything read (capped). */
final class PipeCollector {
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final EventLoop loop;
    private final int fd;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();
    private EventLoop.Registration registration;

    private PipeCollector(EventLoop loop, int fd) {
        this.loop = loop;
        this.fd = fd;
    }

    /** Takes ownership of {@code fd} (nonblocking) and starts reading it on the loop. */
    static CompletableFuture<byte[]> collect(EventLoop loop, int fd) {
        PipeCollector collector = new PipeCollector(loop, fd);
        loop.execute(collector::start);
        return collector.done;
    }

    private void start() {
        registration = loop.register(fd, Epoll.EPOLLIN, events -> read());
        read();
    }

    private void read() {
        MemorySegment buffer = loop.readBuffer();
        while (!done.isDone()) {
            long n = Fds.read(fd, buffer, loop.errnoState());
            if (n > 0) {
                if (bytes.size() < MAX_BYTES) {
                    bytes.write(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, (int) n);
                }
            } else if (n == -Fds.EAGAIN) {
                return;
            } else if (n != -Fds.EINTR) {
                registration.cancel();
                Fds.close(fd);
                done.complete(bytes.toByteArray());
            }
        }
    }
}
