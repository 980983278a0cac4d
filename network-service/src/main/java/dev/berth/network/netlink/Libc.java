package dev.berth.network.netlink;

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
 * Linking libc functions through the Foreign Function API with errno captured after each call, as
 * {@code dev.berth.common.posix.Posix} does. Numbers and layouts are Linux x86_64's.
 */
final class Libc {
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(() -> new UnsatisfiedLinkError("strerror")),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    /** A libc function that reports errno; its handle takes the capture state as first argument. */
    static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }

    /** A libc function with a variadic tail starting at {@code firstVariadic} (open's mode). */
    static MethodHandle variadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(firstVariadic));
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The C library's text for an errno ("File exists"), the words iproute2 prints. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Wraps what a downcall can throw besides the libc error itself. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
