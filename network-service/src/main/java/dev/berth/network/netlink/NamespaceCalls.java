package dev.berth.network.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.berth.common.posix.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** open(2) of a namespace file, setns(2) and unshare(2) for network namespaces. */
final class NamespaceCalls {
    static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    private static final MethodHandle OPEN = Libc.variadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETNS = Libc.function("setns", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle UNSHARE = Libc.function("unshare", JAVA_INT, JAVA_INT);

    private NamespaceCalls() {}

    /** A descriptor of the namespace that /run/netns/NAME (or any nsfs path) holds. */
    static int open(Path namespace, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(namespace.toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw NetlinkException.call("Cannot open network namespace \"" + name + "\"", Libc.errno(state));
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Moves the calling thread (only it) into the network namespace of {@code fd}. */
    static void enter(int fd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
            if (rc < 0) {
                throw NetlinkException.call("setting the network namespace \"" + name + "\" failed", Libc.errno(state));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Gives the calling thread (only it) a new, empty network namespace. */
    static void unshareNetwork() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) UNSHARE.invokeExact(state, CLONE_NEWNET);
            if (rc < 0) {
                throw NetlinkException.call("Failed to create a new network namespace", Libc.errno(state));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
