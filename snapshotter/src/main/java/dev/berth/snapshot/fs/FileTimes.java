package dev.berth.snapshot.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Sets a file's times with utimensat(AT_SYMLINK_NOFOLLOW), by path. The JDK's setTimes opens
 * the file, which blocks on a FIFO and would touch a device; common's Posix has no utimensat.
 */
public final class FileTimes {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle UTIMENSAT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("utimensat").orElseThrow(() -> new UnsatisfiedLinkError("utimensat")),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private FileTimes() {}

    /** Sets access and modification time of {@code path} itself (a symlink is not followed). */
    public static void set(Path path, FileTime modified, FileTime accessed) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            long atimeNanos = accessed.to(TimeUnit.NANOSECONDS);
            long mtimeNanos = modified.to(TimeUnit.NANOSECONDS);
            times.setAtIndex(JAVA_LONG, 0, Math.floorDiv(atimeNanos, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 1, Math.floorMod(atimeNanos, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 2, Math.floorDiv(mtimeNanos, 1_000_000_000L));
            times.setAtIndex(JAVA_LONG, 3, Math.floorMod(mtimeNanos, 1_000_000_000L));
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) UTIMENSAT.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
            if (rc < 0) {
                throw new PosixException("utimensat " + path, (int) ERRNO.get(state, 0L));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
