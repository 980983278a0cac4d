package dev.berth.shim.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.berth.common.posix.Libc;
import dev.berth.common.posix.PosixException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The unix socket calls runc's console socket takes: listen on a path, accept runc's connection
 * and receive the pty master it sends with SCM_RIGHTS.
 */
public final class UnixSocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** sun_path's size; a longer path cannot be bound. */
    public static final int MAX_PATH = 107;

    private static final MethodHandle SOCKET = Libc.function("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = Libc.function("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = Libc.function("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = Libc.function("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVMSG = Libc.function("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);

    private UnixSocket() {}

    /** A nonblocking listening socket bound to {@code path} (which must not exist). */
    public static int listen(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_PATH) {
            throw new IllegalArgumentException("socket path is too long: " + path);
        }
        int fd = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            fd = Libc.check((int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), state, "socket");
            MemorySegment address = arena.allocate(110);
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, JAVA_BYTE, 2, name.length);
            Libc.check((int) BIND.invokeExact(state, fd, address, 2 + name.length + 1), state, "bind " + path);
            Libc.check((int) LISTEN.invokeExact(state, fd, 4), state, "listen " + path);
            return fd;
        } catch (Throwable t) {
            Fds.close(fd);
            throw Libc.rethrow(t);
        }
    }

    /** accept4, nonblocking: the connection, or -1 when none is waiting. */
    public static int accept(int listener) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) ACCEPT4.invokeExact(state, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0 && Libc.errno(state) == Fds.EAGAIN) {
                return -1;
            }
            return Libc.check(fd, state, "accept4");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * recvmsg for one descriptor sent with SCM_RIGHTS (close-on-exec here). Returns it, -1 when
     * nothing is there yet (EAGAIN), or -2 when the peer closed without sending one.
     */
    public static int receiveFd(int connection) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment data = arena.allocate(4096);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, data.byteSize());
            MemorySegment control = arena.allocate(64, 8);
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, control.byteSize());
            long n = (long) RECVMSG.invokeExact(state, connection, msg, MSG_CMSG_CLOEXEC);
            if (n < 0) {
                if (Libc.errno(state) == Fds.EAGAIN) {
                    return -1;
                }
                throw new PosixException("recvmsg", Libc.errno(state));
            }
            long controlLength = msg.get(JAVA_LONG, 40);
            if (controlLength >= 20 && control.get(JAVA_INT, 8) == SOL_SOCKET && control.get(JAVA_INT, 12) == SCM_RIGHTS) {
                return control.get(JAVA_INT, 16);
            }
            return -2;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
