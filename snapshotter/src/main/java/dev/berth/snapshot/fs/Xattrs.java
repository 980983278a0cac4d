package dev.berth.snapshot.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.berth.common.posix.PosixException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the extended attributes of a file itself (a symlink is not followed) with llistxattr and
 * lgetxattr, whatever their size; common's Posix reads one attribute of at most 4 KiB and cannot
 * list them. A filesystem without extended attributes has none, rather than failing.
 */
public final class Xattrs {
    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int ENOTSUP = 95;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle LLISTXATTR = function("llistxattr", ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle LGETXATTR = function("lgetxattr", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);

    private Xattrs() {}

    private static MethodHandle function(String name, MemoryLayout... args) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_LONG, args), Linker.Option.captureCallState("errno"));
    }

    /** Every extended attribute of {@code path}, by name; empty where the filesystem has none. */
    public static SortedMap<String, byte[]> all(Path path) {
        SortedMap<String, byte[]> values = new TreeMap<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment file = arena.allocateFrom(path.toString());
            for (String name : names(arena, file, path)) {
                byte[] value = value(arena, file, path, name);
                if (value != null) {
                    values.put(name, value); // null: removed since it was listed
                }
            }
        }
        return Collections.unmodifiableSortedMap(values);
    }

    /** One extended attribute of {@code path}, or null when it is not set (or the filesystem has none). */
    public static byte[] get(Path path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            return value(arena, arena.allocateFrom(path.toString()), path, name);
        }
    }

    private static String[] names(Arena arena, MemorySegment file, Path path) {
        while (true) {
            long size = call(LLISTXATTR, arena, "listxattr " + path, file, MemorySegment.NULL, 0L);
            if (size <= 0) {
                return new String[0];
            }
            MemorySegment buffer = arena.allocate(size);
            long n = call(LLISTXATTR, arena, "listxattr " + path, file, buffer, size);
            if (n == -ERANGE) {
                continue; // grew between the two calls
            }
            if (n <= 0) {
                return new String[0];
            }
            String list = new String(buffer.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            return list.split("\0");
        }
    }

    private static byte[] value(Arena arena, MemorySegment file, Path path, String name) {
        MemorySegment key = arena.allocateFrom(name);
        while (true) {
            long size = call(LGETXATTR, arena, "getxattr " + name + " on " + path, file, key, MemorySegment.NULL, 0L);
            if (size == -ENODATA || size == -ENOTSUP) {
                return null;
            }
            MemorySegment buffer = arena.allocate(Math.max(1, size));
            long n = call(LGETXATTR, arena, "getxattr " + name + " on " + path, file, key, buffer, size);
            if (n == -ENODATA) {
                return null;
            }
            if (n == -ERANGE) {
                continue;
            }
            return buffer.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /**
     * Calls a sizing xattr function; returns its result, or minus errno for ENODATA, ERANGE and
     * ENOTSUP (a filesystem without xattrs), and throws for anything else.
     */
    private static long call(MethodHandle function, Arena arena, String what, Object... args) {
        MemorySegment state = arena.allocate(CAPTURE);
        long rc;
        try {
            rc = switch (args.length) {
                case 3 -> (long) function.invokeExact(state, (MemorySegment) args[0], (MemorySegment) args[1], (long) args[2]);
                case 4 -> (long) function.invokeExact(state, (MemorySegment) args[0], (MemorySegment) args[1],
                        (MemorySegment) args[2], (long) args[3]);
                default -> throw new IllegalArgumentException("unexpected arity " + args.length);
            };
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc >= 0) {
            return rc;
        }
        int errno = (int) ERRNO.get(state, 0L);
        if (errno == ENODATA || errno == ERANGE || errno == ENOTSUP) {
            return -errno;
        }
        throw new PosixException(what, errno);
    }
}
