package dev.berth.shim.io;

import dev.berth.shim.host.EventLoop;
import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's stdin, written nonblocking from the event loop. Input that arrives before the
 * process runs (a client attaches, sends, then starts the container, as
 * {@code echo hi | docker run -i} does) is queued for the run. The queue is bounded by flow
 * control: a client's next message is requested only once the queue is below
 * {@link #LOW_WATER} (see {@link #whenWritable}). Loop thread only.
 */
public final class StdinSink {
    public static final int LOW_WATER = 256 * 1024;

    private final EventLoop loop;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<Runnable> writableListeners = new ArrayList<>();
    private int offsetInHead;
    private long pending;
    private int fd = -1;
    private boolean pty;
    private EventLoop.Registration registration;
    private boolean closeRequested;
    /** The descriptor was closed or failed: later input is dropped until the next run. */
    private boolean finished;

    public StdinSink(EventLoop loop) {
        this.loop = loop;
    }

    /** A run started with {@code fd} (nonblocking, owned from now on) as the other side of its stdin. */
    public void attach(int newFd, boolean isPty) {
        this.fd = newFd;
        this.pty = isPty;
        this.finished = false;
        if (closeRequested && queue.isEmpty()) {
            closeNow();
            return;
        }
        flush();
    }

    public void write(byte[] data) {
        if (finished || closeRequested || data.length == 0) {
            return;
        }
        queue.add(data);
        pending += data.length;
        flush();
    }

    /** No more input: once what is queued is written, the process sees end of file (a pty: nothing more is written). */
    public void requestClose() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        if (fd >= 0 && queue.isEmpty()) {
            closeNow();
        }
    }

    /** Runs {@code listener} once the queue is below the low-water mark (at once if it is). */
    public void whenWritable(Runnable listener) {
        if (pending < LOW_WATER || finished) {
            listener.run();
        } else {
            writableListeners.add(listener);
        }
    }

    /** The run ended: input still queued was meant for it and is dropped; the next run gets a fresh stdin. */
    public void detach() {
        closeDescriptor();
        queue.clear();
        pending = 0;
        offsetInHead = 0;
        closeRequested = false;
        finished = false;
        notifyWritable();
    }

    private void flush() {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = loop.errnoState();
            while (!queue.isEmpty()) {
                byte[] head = queue.peek();
                int length = head.length - offsetInHead;
                MemorySegment data = arena.allocate(length);
                MemorySegment.copy(head, offsetInHead, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
                long n = Fds.write(fd, data, length, state);
                if (n == -Fds.EAGAIN) {
                    watchWritable(true);
                    return;
                }
                if (n == -Fds.EINTR) {
                    continue;
                }
                if (n < 0) {
                    // EPIPE, EIO: the process closed its stdin or is gone
                    finished = true;
                    queue.clear();
                    pending = 0;
                    closeDescriptor();
                    notifyWritable();
                    return;
                }
                pending -= n;
                offsetInHead += (int) n;
                if (offsetInHead == head.length) {
                    queue.poll();
                    offsetInHead = 0;
                }
            }
        }
        watchWritable(false);
        notifyWritable();
        if (closeRequested) {
            closeNow();
        }
    }

    private void watchWritable(boolean on) {
        if (on && registration == null) {
            registration = loop.register(fd, Epoll.EPOLLOUT, events -> flush());
        } else if (!on && registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    private void notifyWritable() {
        if (pending < LOW_WATER && !writableListeners.isEmpty()) {
            List<Runnable> listeners = new ArrayList<>(writableListeners);
            writableListeners.clear();
            listeners.forEach(Runnable::run);
        }
    }

    private void closeNow() {
        if (!pty) {
            closeDescriptor(); // the FIFO's last writer: the process reads end of file
        }
        finished = true;
        notifyWritable();
    }

    private void closeDescriptor() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
        if (fd >= 0) {
            Fds.close(fd);
            fd = -1;
        }
    }
}
