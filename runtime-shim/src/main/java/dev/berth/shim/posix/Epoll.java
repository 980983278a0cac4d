package dev.berth.shim.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.berth.common.posix.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * An epoll instance. Events carry a 64-bit token chosen by the caller (not the fd, which the
 * kernel may hand out again once closed). struct epoll_event is packed on x86_64: 12 bytes.
 */
public final class Epoll implements AutoCloseable {
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EVENT_SIZE = 12;

    private static final MethodHandle CREATE = Libc.function("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle CTL = Libc.function("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle WAIT = Libc.function("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

    private final int epfd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events;
    private final MemorySegment waitState;
    private final int capacity;

    public Epoll(int capacity) {
        this.capacity = capacity;
        this.events = arena.allocate((long) EVENT_SIZE * capacity, 8);
        this.waitState = Libc.captureState(arena);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(a);
            this.epfd = Libc.check((int) CREATE.invokeExact(state, EPOLL_CLOEXEC), state, "epoll_create1");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public void add(int fd, int interest, long token) {
        control(EPOLL_CTL_ADD, fd, interest, token);
    }

    public void modify(int fd, int interest, long token) {
        control(EPOLL_CTL_MOD, fd, interest, token);
    }

    /** Removes {@code fd}; one that is already closed is fine. */
    public void remove(int fd) {
        try {
            control(EPOLL_CTL_DEL, fd, 0, 0);
        } catch (RuntimeException ignored) {
            // ENOENT or EBADF: it is not watched any more either way
        }
    }

    private void control(int op, int fd, int interest, long token) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(a);
            MemorySegment event = a.allocate(EVENT_SIZE, 8);
            event.set(JAVA_INT_UNALIGNED, 0, interest);
            event.set(JAVA_LONG_UNALIGNED, 4, token);
            Libc.check((int) CTL.invokeExact(state, epfd, op, fd, event), state, "epoll_ctl " + op + " fd " + fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** epoll_wait; only the loop thread calls it. Returns the number of ready events (0 on timeout or EINTR). */
    public int await(int timeoutMillis) {
        try {
            int n = (int) WAIT.invokeExact(waitState, epfd, events, capacity, timeoutMillis);
            if (n < 0) {
                if (Libc.errno(waitState) == Fds.EINTR) {
                    return 0;
                }
                throw new dev.berth.common.posix.PosixException("epoll_wait", Libc.errno(waitState));
            }
            return n;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public int readyEvents(int index) {
        return events.get(JAVA_INT_UNALIGNED, (long) index * EVENT_SIZE);
    }

    public long readyToken(int index) {
        return events.get(JAVA_LONG_UNALIGNED, (long) index * EVENT_SIZE + 4);
    }

    @Override
    public void close() {
        Fds.close(epfd);
    }
}
