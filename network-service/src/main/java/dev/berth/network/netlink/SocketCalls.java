package dev.berth.network.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.berth.common.posix.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** socket(2), bind(2), sendto(2), recv(2) and close(2) for a NETLINK_ROUTE socket. */
final class SocketCalls {
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_TRUNC = 0x20;
    private static final int EINTR = 4;
    private static final long SOCKADDR_NL_SIZE = 12;

    private static final MethodHandle SOCKET = Libc.function("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = Libc.function("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDTO = Libc.function("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT,
            ADDRESS, JAVA_INT);
    private static final MethodHandle RECV = Libc.function("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CLOSE = Libc.function("close", JAVA_INT, JAVA_INT);

    private SocketCalls() {}

    /** A NETLINK_ROUTE socket bound to a port id the kernel picks, in the calling thread's network namespace. */
    static int openRoute() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) SOCKET.invokeExact(state, Rtnetlink.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Rtnetlink.NETLINK_ROUTE);
            if (fd < 0) {
                throw NetlinkException.call("Cannot open netlink socket", Libc.errno(state));
            }
            int rc = (int) BIND.invokeExact(state, fd, kernelAddress(arena), (int) SOCKADDR_NL_SIZE);
            if (rc < 0) {
                int errno = Libc.errno(state);
                close(fd);
                throw NetlinkException.call("Cannot bind netlink socket", errno);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Sends one datagram to the kernel (port id 0). */
    static void send(int fd, byte[] message) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buffer = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, message);
            long sent;
            do {
                sent = (long) SENDTO.invokeExact(state, fd, buffer, (long) message.length, 0, kernelAddress(arena),
                        (int) SOCKADDR_NL_SIZE);
            } while (sent < 0 && Libc.errno(state) == EINTR);
            if (sent < 0) {
                throw NetlinkException.call("Cannot talk to rtnetlink", Libc.errno(state));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Receives one datagram into {@code buffer}; returns its length (MSG_TRUNC: longer than the buffer if cut). */
    static int receive(int fd, MemorySegment buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            long received;
            do {
                received = (long) RECV.invokeExact(state, fd, buffer, buffer.byteSize(), MSG_TRUNC);
            } while (received < 0 && Libc.errno(state) == EINTR);
            if (received < 0) {
                throw NetlinkException.call("Cannot receive from rtnetlink", Libc.errno(state));
            }
            return (int) received;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(Libc.captureState(arena), fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** struct sockaddr_nl {AF_NETLINK, pad, pid 0, groups 0}: the kernel, or "pick a port id" for bind. */
    private static MemorySegment kernelAddress(Arena arena) {
        MemorySegment address = arena.allocate(SOCKADDR_NL_SIZE, 4);
        address.set(JAVA_SHORT, 0, (short) Rtnetlink.AF_NETLINK);
        return address;
    }
}
