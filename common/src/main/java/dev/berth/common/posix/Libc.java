package dev.berth.common.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linking libc functions through the Foreign Function API with errno captured after each call:
 * the plumbing {@link Posix}, the shim's system calls and the network service's netlink share.
 * A linked handle takes the capture state ({@link #captureState}) as its first argument. Layouts
 * and numbers are those of Linux on x86_64 (the JDK Berth ships with).
 */
public final class Libc {
    public static final Linker LINKER = Linker.nativeLinker();
    public static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(() -> new UnsatisfiedLinkError("strerror")),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    /** A libc function that reports errno; {@code result} null for void. */
    public static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args), -1);
    }

    /** A variadic libc function; {@code firstVariadic} is the index of its first variadic argument (open's mode). */
    public static MethodHandle variadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
        return link(name, FunctionDescriptor.of(result, args), firstVariadic);
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return firstVariadic < 0 ? LINKER.downcallHandle(symbol, descriptor, capture)
                : LINKER.downcallHandle(symbol, descriptor, capture, Linker.Option.firstVariadicArg(firstVariadic));
    }

    public static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code rc}, or {@link PosixException} with errno when it is negative. */
    public static int check(int rc, MemorySegment state, String what) {
        if (rc < 0) {
            throw new PosixException(what, errno(state));
        }
        return rc;
    }

    public static long check(long rc, MemorySegment state, String what) {
        if (rc < 0) {
            throw new PosixException(what, errno(state));
        }
        return rc;
    }

    /** The C library's text for an errno ("File exists"), the words iproute2 and coreutils print. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Wraps what a downcall can throw besides the libc error itself. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
