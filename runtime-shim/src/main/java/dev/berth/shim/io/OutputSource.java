package dev.berth.shim.io;

import dev.berth.api.runtime.v1.StdStream;
import dev.berth.shim.host.EventLoop;
import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;

/**
 * One of a process's output descriptors (a FIFO's read end, or a pty master), read nonblocking
 * on the event loop. The end comes when every writer is gone (read returns 0), or for a pty
 * when its other side is closed (EIO). Loop thread only.
 */
public final class OutputSource {
    /** Told once the source reached its end. */
    public interface EndListener {
        void ended(OutputSource source);
    }

    private static final int MAX_READS_PER_EVENT = 16;

    private final EventLoop loop;
    private final int fd;
    private final StdStream stream;
    private final ProcessOutput output;
    private final EndListener onEnd;
    private final boolean terminal;
    private EventLoop.Registration registration;
    private boolean ended;
    private boolean closed;
    private boolean paused;

    /** Takes ownership of {@code fd} (nonblocking). */
    public OutputSource(EventLoop loop, int fd, StdStream stream, ProcessOutput output, EndListener onEnd) {
        this(loop, fd, stream, output, onEnd, false);
    }

    /** @param terminal whether {@code fd} is a pty master (whose end is EIO) */
    public OutputSource(EventLoop loop, int fd, StdStream stream, ProcessOutput output, EndListener onEnd, boolean terminal) {
        this.terminal = terminal;
        this.loop = loop;
        this.fd = fd;
        this.stream = stream;
        this.output = output;
        this.onEnd = onEnd;
    }

    public void start() {
        registration = loop.register(fd, Epoll.EPOLLIN, events -> readAvailable());
    }

    public boolean isTerminal() {
        return terminal;
    }

    public int fd() {
        return fd;
    }

    public boolean ended() {
        return ended;
    }

    /** Stops reading for now: the writer blocks once the pipe is full. */
    public void pause() {
        if (!ended && !paused) {
            paused = true;
            registration.interest(0);
        }
    }

    public void resume() {
        if (!ended && paused) {
            paused = false;
            registration.interest(Epoll.EPOLLIN);
        }
    }

    /** Reads what is there without waiting for the loop (e.g. before deciding a start failed). */
    public void readAvailable() {
        if (ended || paused) {
            return;
        }
        MemorySegment buffer = loop.readBuffer();
        MemorySegment state = loop.errnoState();
        for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
            long n = Fds.read(fd, buffer, state);
            if (n > 0) {
                output.data(stream, buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), Instant.now());
                if (!output.clientsReady()) {
                    pause();
                    return;
                }
                continue;
            }
            if (n == -Fds.EAGAIN) {
                return;
            }
            if (n == -Fds.EINTR) {
                continue;
            }
            end(); // 0 at end of file, EIO from a pty whose process is gone, or another error
            return;
        }
    }

    /** Ends the source now (drained, or given up on after the process exited). */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        close();
        output.end(stream, Instant.now());
        onEnd.ended(this);
    }

    /** Closes the descriptor (once: its number may belong to another file afterwards) without reporting an end. */
    public void close() {
        ended = true;
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        Fds.close(fd);
    }
}
