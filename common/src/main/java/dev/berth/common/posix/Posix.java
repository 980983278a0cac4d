package dev.berth.common.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few libc calls the JDK has no API for (mount, mknod, xattrs, setsid, subreaper, waitpid),
 * made through the Foreign Function API ({@link Libc}). Each throws {@link PosixException} with errno.
 */
public final class Posix {
    public static final long MS_RDONLY = 1;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final int MNT_DETACH = 2;
    public static final int S_IFCHR = 0020000;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    private static final MethodHandle MOUNT = Libc.function("mount", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle UMOUNT2 = Libc.function("umount2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKNOD = Libc.function("mknod", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle LSETXATTR = Libc.function("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LGETXATTR = Libc.function("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle SETSID = Libc.function("setsid", JAVA_INT);
    private static final MethodHandle PRCTL = Libc.function("prctl", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle KILL = Libc.function("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle WAITPID = Libc.function("waitpid", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);

    private Posix() {}

    private static MemorySegment cString(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    /** mount(2). {@code data} holds filesystem options such as overlay's lowerdir=...; may be null. */
    public static void mount(String source, Path target, String type, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) MOUNT.invokeExact(state, cString(arena, source), cString(arena, target.toString()),
                    cString(arena, type), flags, cString(arena, data));
            Libc.check(rc, state, "mount " + type + " on " + target);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** umount2(2); {@link #MNT_DETACH} for a lazy unmount. */
    public static void unmount(Path target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) UMOUNT2.invokeExact(state, arena.allocateFrom(target.toString()), flags);
            Libc.check(rc, state, "umount " + target);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** mknod(2), e.g. the 0/0 character device overlayfs reads as a whiteout. */
    public static void mknod(Path path, int mode, long device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) MKNOD.invokeExact(state, arena.allocateFrom(path.toString()), mode, device);
            Libc.check(rc, state, "mknod " + path);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The device number that mknod takes for a major and minor number. */
    public static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
    }

    /** lsetxattr(2): sets an extended attribute (trusted.*, security.*, user.*) without following a symlink. */
    public static void setXattr(Path path, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name),
                    buf, (long) value.length, 0);
            Libc.check(rc, state, "setxattr " + name + " on " + path);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lgetxattr(2); null when the attribute is not set. */
    public static byte[] getXattr(Path path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buf = arena.allocate(4096);
            long n = (long) LGETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name), buf, 4096L);
            if (n < 0) {
                int errno = Libc.errno(state);
                if (errno == 61 /* ENODATA */) {
                    return null;
                }
                throw new PosixException("getxattr " + name + " on " + path, errno);
            }
            return buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** setsid(2): the calling process leaves its parent's session and process group. */
    public static int setsid() {
        return simple(SETSID, "setsid");
    }

    /** Orphaned descendants are reparented to this process instead of init, so it can reap them. */
    public static void becomeSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) PRCTL.invokeExact(state, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            Libc.check(rc, state, "prctl(PR_SET_CHILD_SUBREAPER)");
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** kill(2). Returns false when the process does not exist (ESRCH). */
    public static boolean kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) KILL.invokeExact(state, pid, signal);
            if (rc != 0 && Libc.errno(state) == 3 /* ESRCH */) {
                return false;
            }
            Libc.check(rc, state, "kill " + pid);
            return true;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * waitpid(2) for one child (or -1 for any). Returns {pid, raw status}, or null with
     * {@code noHang} when no child has exited yet or there is no such child.
     */
    public static int[] waitpid(int pid, boolean noHang) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            int rc = (int) WAITPID.invokeExact(state, pid, status, noHang ? WNOHANG : 0);
            if (rc == 0 || (rc < 0 && Libc.errno(state) == 10 /* ECHILD */)) {
                return null;
            }
            Libc.check(rc, state, "waitpid " + pid);
            return new int[] {rc, status.get(JAVA_INT, 0)};
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The shell's convention for a raw wait status: the exit code, or 128 + the signal that killed it. */
    public static int exitCodeOf(int rawStatus) {
        int signal = rawStatus & 0x7f;
        return signal == 0 ? (rawStatus >> 8) & 0xff : 128 + signal;
    }

    private static int simple(MethodHandle handle, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) handle.invokeExact(state);
            Libc.check(rc, state, what);
            return rc;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

}
