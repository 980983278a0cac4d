package dev.berth.shim.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.berth.common.posix.Libc;
import dev.berth.common.posix.PosixException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** File descriptors: open, close, nonblocking read and write, pipes, eventfds, FIFOs, terminal size. */
public final class Fds {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int ENXIO = 6;
    public static final int EPIPE = 32;
    public static final int EBADF = 9;

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int S_IFIFO = 0010000;

    private static final MethodHandle OPEN = Libc.variadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = Libc.function("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle READ = Libc.function("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = Libc.function("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle PIPE2 = Libc.function("pipe2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle EVENTFD = Libc.function("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCNTL = Libc.variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle MKNOD = Libc.function("mknod", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle IOCTL_PTR = Libc.variadic("ioctl", 2, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);

    private Fds() {}

    /** open(2); O_CLOEXEC is always added. */
    public static int open(Path path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags | O_CLOEXEC, mode);
            return Libc.check(rc, state, "open " + path);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** close(2); errors are ignored (the descriptor is released either way on Linux). */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(Libc.captureState(arena), fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * read(2) into {@code buffer} (native memory). Returns the count, 0 at end of file, or -errno
     * (e.g. -EAGAIN on an empty nonblocking descriptor, -EIO on a pty whose other side closed).
     */
    public static long read(int fd, MemorySegment buffer, MemorySegment state) {
        try {
            long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
            return n >= 0 ? n : -Libc.errno(state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** write(2) from native memory: the count written, or -errno. */
    public static long write(int fd, MemorySegment data, long length, MemorySegment state) {
        try {
            long n = (long) WRITE.invokeExact(state, fd, data, length);
            return n >= 0 ? n : -Libc.errno(state);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A pipe {read end, write end}, both close-on-exec, with extra flags (e.g. O_NONBLOCK). */
    public static int[] pipe(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Libc.check((int) PIPE2.invokeExact(state, fds, flags | O_CLOEXEC), state, "pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A nonblocking, close-on-exec eventfd. */
    public static int eventfd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            return Libc.check((int) EVENTFD.invokeExact(state, 0, 0x80000 | 0x800), state, "eventfd");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public static void setNonBlocking(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int flags = Libc.check((int) FCNTL.invokeExact(state, fd, F_GETFL, 0), state, "fcntl F_GETFL");
            Libc.check((int) FCNTL.invokeExact(state, fd, F_SETFL, flags | O_NONBLOCK), state, "fcntl F_SETFL");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A duplicate of {@code fd} (close-on-exec): another descriptor for the same open file. */
    public static int dupCloexec(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            return Libc.check((int) FCNTL.invokeExact(state, fd, F_DUPFD_CLOEXEC, 3), state, "fcntl F_DUPFD_CLOEXEC");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Makes a FIFO at {@code path} (mode 0600) unless one is there already. */
    public static void mkfifo(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) MKNOD.invokeExact(state, arena.allocateFrom(path.toString()), S_IFIFO | 0600, 0L);
            if (rc < 0 && Libc.errno(state) != EEXIST) {
                throw new PosixException("mkfifo " + path, Libc.errno(state));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** ioctl(TIOCSWINSZ): the terminal's size in rows and columns. */
    public static void setWindowSize(int fd, int rows, int columns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment size = arena.allocate(8);
            size.set(JAVA_SHORT, 0, (short) rows);
            size.set(JAVA_SHORT, 2, (short) columns);
            Libc.check((int) IOCTL_PTR.invokeExact(state, fd, TIOCSWINSZ, size), state, "ioctl TIOCSWINSZ");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
