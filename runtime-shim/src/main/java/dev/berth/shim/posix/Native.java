package dev.berth.shim.posix;

import dev.berth.common.posix.PosixException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linking libc functions through the Foreign Function API, with errno captured after each call.
 * Layouts and numbers are those of Linux on x86_64 (the JDK Berth ships with).
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Native() {}

    /** A libc function that reports errno. */
    static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args), -1);
    }

    /** A variadic libc function; {@code firstVariadic} is the index of its first variadic argument. */
    static MethodHandle variadic(String name, int firstVariadic, MemoryLayout result, MemoryLayout... args) {
        return link(name, FunctionDescriptor.of(result, args), firstVariadic);
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return firstVariadic < 0 ? LINKER.downcallHandle(symbol, descriptor, capture)
                : LINKER.downcallHandle(symbol, descriptor, capture, Linker.Option.firstVariadicArg(firstVariadic));
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int check(int rc, MemorySegment state, String what) {
        if (rc < 0) {
            throw new PosixException(what, errno(state));
        }
        return rc;
    }

    static long check(long rc, MemorySegment state, String what) {
        if (rc < 0) {
            throw new PosixException(what, errno(state));
        }
        return rc;
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
