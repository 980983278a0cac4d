package dev.berth.shim.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.berth.common.posix.Libc;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/** Processes: signals, waitpid for one pid, pidfds, session and subreaper, /proc facts. */
public final class Procs {
    public static final int ESRCH = 3;
    public static final int ECHILD = 10;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    private static final MethodHandle KILL = Libc.function("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle WAITPID = Libc.function("waitpid", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SYSCALL2 = Libc.variadic("syscall", 1, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SETSID = Libc.function("setsid", JAVA_INT);
    private static final MethodHandle PRCTL = Libc.variadic("prctl", 1, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    /** What {@link #waitNoHang} returns while the child still runs. */
    public static final int STILL_RUNNING = -1;
    /** What {@link #waitNoHang} returns for a pid that is not (or no longer) this process's child. */
    public static final int NOT_A_CHILD = -2;

    private Procs() {}

    /** kill(2); false when there is no such process. */
    public static boolean kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            int rc = (int) KILL.invokeExact(state, pid, signal);
            if (rc < 0 && Libc.errno(state) == ESRCH) {
                return false;
            }
            Libc.check(rc, state, "kill " + pid);
            return true;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * waitpid(pid, WNOHANG) for one child, never -1 (which would take other waiters' statuses).
     * Returns the shell's exit code (128+signal when killed), {@link #STILL_RUNNING} or {@link #NOT_A_CHILD}.
     */
    public static int waitNoHang(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, pid, status, WNOHANG);
                if (rc == 0) {
                    return STILL_RUNNING;
                }
                if (rc > 0) {
                    return exitCodeOf(status.get(JAVA_INT, 0));
                }
                int errno = Libc.errno(state);
                if (errno == ECHILD) {
                    return NOT_A_CHILD;
                }
                if (errno != Fds.EINTR) {
                    throw new PosixException("waitpid " + pid, errno);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The shell's convention for a raw wait status: the exit code, or 128 + the signal that killed it. */
    public static int exitCodeOf(int rawStatus) {
        int signal = rawStatus & 0x7f;
        return signal == 0 ? (rawStatus >> 8) & 0xff : 128 + signal;
    }

    /** pidfd_open(2): a close-on-exec descriptor that becomes readable when the process exits; -1 if it does not exist. */
    public static int pidfdOpen(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            long rc = (long) SYSCALL2.invokeExact(state, SYS_PIDFD_OPEN, (long) pid, 0L);
            if (rc < 0 && Libc.errno(state) == ESRCH) {
                return -1;
            }
            return (int) Libc.check(rc, state, "pidfd_open " + pid);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** setsid(2); false when the process already leads a group (EPERM). */
    public static boolean setsid() {
        try (Arena arena = Arena.ofConfined()) {
            return (int) SETSID.invokeExact(Libc.captureState(arena)) >= 0;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** PR_SET_CHILD_SUBREAPER: orphaned descendants are reparented here instead of to init. */
    public static void becomeSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            Libc.check((int) PRCTL.invokeExact(state, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L), state, "prctl(PR_SET_CHILD_SUBREAPER)");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * The process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot): with the
     * pid it names one process, so a reused pid is not taken for the old one. -1 when it is gone.
     */
    public static long startTime(int pid) {
        String[] fields = statFields(pid);
        return fields == null || fields.length < 20 ? -1 : Long.parseLong(fields[19]);
    }

    /** The state letter of /proc/<pid>/stat ('Z' for a zombie), or 0 when it is gone. */
    public static char state(int pid) {
        String[] fields = statFields(pid);
        return fields == null || fields.length == 0 || fields[0].isEmpty() ? 0 : fields[0].charAt(0);
    }

    /** The fields of /proc/<pid>/stat after "pid (comm) ", whose comm may hold spaces and parentheses. */
    private static String[] statFields(int pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** This process's children, from /proc/self/task/<tid>/children of every thread. */
    public static int[] children() {
        java.util.List<Integer> pids = new java.util.ArrayList<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    for (String pid : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!pid.isEmpty()) {
                            pids.add(Integer.parseInt(pid));
                        }
                    }
                } catch (IOException ignored) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException ignored) {
            // no /proc: nothing to reap
        }
        return pids.stream().mapToInt(Integer::intValue).toArray();
    }
}
