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
import java.util.ArrayList;
import java.util.List;

/**
 * The *at(2) calls that work relative to an open directory, and openat2(2) with RESOLVE_IN_ROOT,
 * which resolves a path as if the directory were the root (symlinks and ".." cannot leave it).
 */
public final class FsCalls {
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int ELOOP = 40;
    public static final int ENOTEMPTY = 39;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final long SYS_OPENAT2 = 437;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static final MethodHandle SYSCALL4 = Libc.variadic("syscall", 1, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG);
    private static final MethodHandle OPENAT = Libc.variadic("openat", 3, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FSTATAT = Libc.function("fstatat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle MKDIRAT = Libc.function("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKNODAT = Libc.function("mknodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle SYMLINKAT = Libc.function("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle LINKAT = Libc.function("linkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle READLINKAT = Libc.function("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle UNLINKAT = Libc.function("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FCHOWNAT = Libc.function("fchownat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMODAT = Libc.function("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle UTIMENSAT = Libc.function("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle FDOPENDIR = Libc.function("fdopendir", ADDRESS, JAVA_INT);
    private static final MethodHandle READDIR = Libc.function("readdir", ADDRESS, ADDRESS);
    private static final MethodHandle CLOSEDIR = Libc.function("closedir", JAVA_INT, ADDRESS);

    /** The fields of struct stat that Berth looks at. */
    public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long mtimeSeconds,
            int mtimeNanos) {
        public int type() {
            return mode & 0170000;
        }

        public boolean isDirectory() {
            return type() == 0040000;
        }

        public boolean isRegular() {
            return type() == 0100000;
        }

        public boolean isSymlink() {
            return type() == 0120000;
        }
    }

    private FsCalls() {}

    /**
     * openat2(dirfd, path, flags, mode, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): {@code path} is
     * resolved as if {@code rootFd} were "/" (absolute symlinks and ".." stay inside). Retries on
     * EAGAIN (a concurrent rename). O_CLOEXEC is always added.
     */
    public static int openInRoot(int rootFd, String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment how = arena.allocate(24, 8);
            how.set(JAVA_LONG, 0, (long) (flags | Fds.O_CLOEXEC));
            how.set(JAVA_LONG, 8, (flags & Fds.O_CREAT) != 0 ? (long) mode : 0L);
            how.set(JAVA_LONG, 16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
            MemorySegment name = arena.allocateFrom(path.isEmpty() ? "." : path);
            for (int attempt = 0;; attempt++) {
                long rc = (long) SYSCALL4.invokeExact(state, SYS_OPENAT2, (long) rootFd, name.address(), how.address(), 24L);
                if (rc >= 0) {
                    return (int) rc;
                }
                if (Libc.errno(state) != Fds.EAGAIN || attempt > 32) {
                    throw new PosixException("openat2 " + path, Libc.errno(state));
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** openat(2); O_CLOEXEC is always added. */
    public static int openAt(int dirFd, String name, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) OPENAT.invokeExact(state, dirFd, arena.allocateFrom(name), flags | Fds.O_CLOEXEC, mode);
            return Libc.check(rc, state, "openat " + name);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** fstatat(2); {@code name} "" with AT_EMPTY_PATH stats the descriptor itself. Null when it does not exist. */
    public static Stat statAt(int dirFd, String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment st = arena.allocate(144, 8);
            int rc = (int) FSTATAT.invokeExact(state, dirFd, arena.allocateFrom(name), st, flags);
            if (rc < 0) {
                int errno = Libc.errno(state);
                if (errno == Fds.ENOENT || errno == ENOTDIR) {
                    return null;
                }
                throw new PosixException("fstatat " + name, errno);
            }
            return new Stat(st.get(JAVA_LONG, 0), st.get(JAVA_LONG, 8), st.get(JAVA_INT, 24), st.get(JAVA_LONG, 16),
                    st.get(JAVA_INT, 28), st.get(JAVA_INT, 32), st.get(JAVA_LONG, 40), st.get(JAVA_LONG, 48),
                    st.get(JAVA_LONG, 88), (int) st.get(JAVA_LONG, 96));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public static Stat stat(int fd) {
        Stat stat = statAt(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
        if (stat == null) {
            throw new PosixException("fstat", Fds.ENOENT);
        }
        return stat;
    }

    public static void mkdirAt(int dirFd, String name, int mode) {
        simple("mkdirat " + name, (arena, state) -> (int) MKDIRAT.invokeExact(state, dirFd, arena.allocateFrom(name), mode));
    }

    public static void mknodAt(int dirFd, String name, int mode, long device) {
        simple("mknodat " + name, (arena, state) -> (int) MKNODAT.invokeExact(state, dirFd, arena.allocateFrom(name), mode,
                device));
    }

    public static void symlinkAt(String target, int dirFd, String name) {
        simple("symlinkat " + name, (arena, state) -> (int) SYMLINKAT.invokeExact(state, arena.allocateFrom(target), dirFd,
                arena.allocateFrom(name)));
    }

    /** linkat(2) without following a symlink: a hard link to {@code oldName} in {@code oldDir}. */
    public static void linkAt(int oldDir, String oldName, int newDir, String newName) {
        simple("linkat " + newName, (arena, state) -> (int) LINKAT.invokeExact(state, oldDir, arena.allocateFrom(oldName),
                newDir, arena.allocateFrom(newName), 0));
    }

    /** unlinkat(2); false when it did not exist. */
    public static boolean unlinkAt(int dirFd, String name, boolean directory) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) UNLINKAT.invokeExact(state, dirFd, arena.allocateFrom(name), directory ? AT_REMOVEDIR : 0);
            if (rc < 0 && Libc.errno(state) == Fds.ENOENT) {
                return false;
            }
            Libc.check(rc, state, "unlinkat " + name);
            return true;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public static String readlinkAt(int dirFd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment buf = arena.allocate(4096);
            long n = Libc.check((long) READLINKAT.invokeExact(state, dirFd, arena.allocateFrom(name), buf, 4096L), state,
                    "readlinkat " + name);
            return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** fchownat(2) without following a symlink. */
    public static void chownAt(int dirFd, String name, int uid, int gid) {
        simple("fchownat " + name, (arena, state) -> (int) FCHOWNAT.invokeExact(state, dirFd, arena.allocateFrom(name), uid,
                gid, AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0)));
    }

    /** chmod of the file an O_PATH (or any) descriptor refers to, through its /proc/self/fd link. */
    public static void chmod(int fd, int mode) {
        simple("chmod fd " + fd, (arena, state) -> (int) FCHMODAT.invokeExact(state, AT_FDCWD,
                arena.allocateFrom("/proc/self/fd/" + fd), mode, 0));
    }

    /** Sets the modification time (the access time too) without following a symlink. */
    public static void setTimesAt(int dirFd, String name, long seconds, int nanos) {
        simple("utimensat " + name, (arena, state) -> {
            MemorySegment times = arena.allocate(32, 8);
            times.set(JAVA_LONG, 0, seconds);
            times.set(JAVA_LONG, 8, (long) nanos);
            times.set(JAVA_LONG, 16, seconds);
            times.set(JAVA_LONG, 24, (long) nanos);
            return (int) UTIMENSAT.invokeExact(state, dirFd, arena.allocateFrom(name), times,
                    AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0));
        });
    }

    /** The names in a directory (without "." and ".."); {@code dirFd} stays open and is not moved. */
    public static List<String> list(int dirFd) {
        int own = openAt(dirFd, ".", Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment dir = (MemorySegment) FDOPENDIR.invokeExact(state, own);
            if (dir.address() == 0) {
                Fds.close(own);
                throw new PosixException("fdopendir", Libc.errno(state));
            }
            try {
                while (true) {
                    MemorySegment entry = (MemorySegment) READDIR.invokeExact(state, dir);
                    if (entry.address() == 0) {
                        break;
                    }
                    MemorySegment dirent = entry.reinterpret(19 + 256);
                    int length = Short.toUnsignedInt(dirent.get(JAVA_SHORT, 16)) - 19;
                    byte[] raw = dirent.asSlice(19, Math.max(0, Math.min(256, length))).toArray(JAVA_BYTE);
                    int end = 0;
                    while (end < raw.length && raw[end] != 0) {
                        end++;
                    }
                    String name = new String(raw, 0, end, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                }
            } finally {
                int ignored = (int) CLOSEDIR.invokeExact(state, dir);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return names;
    }

    private interface Call {
        int run(Arena arena, MemorySegment state) throws Throwable;
    }

    private static void simple(String what, Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            Libc.check(call.run(arena, state), state, what);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
