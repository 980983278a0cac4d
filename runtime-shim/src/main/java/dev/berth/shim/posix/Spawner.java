package dev.berth.shim.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.berth.common.posix.Libc;
import dev.berth.common.posix.PosixException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * posix_spawn(3) with file actions: the child's stdio is opened by the child itself (a FIFO
 * opened O_RDWR, /dev/null, a pipe's end), every other descriptor is closed (closefrom 3), its
 * signal mask is empty and every signal has its default action. No JDK reaper thread is involved:
 * the caller watches the child through a pidfd.
 */
public final class Spawner {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle FA_INIT = Libc.function("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_DESTROY = Libc.function("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_OPEN = Libc.function("posix_spawn_file_actions_addopen", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_INT);
    private static final MethodHandle FA_DUP2 = Libc.function("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FA_CLOSEFROM = Libc.function("posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_INIT = Libc.function("posix_spawnattr_init", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_DESTROY = Libc.function("posix_spawnattr_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_FLAGS = Libc.function("posix_spawnattr_setflags", JAVA_INT, ADDRESS, JAVA_SHORT);
    private static final MethodHandle ATTR_SIGMASK = Libc.function("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ATTR_SIGDEF = Libc.function("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SIGEMPTYSET = Libc.function("sigemptyset", JAVA_INT, ADDRESS);
    private static final MethodHandle SIGFILLSET = Libc.function("sigfillset", JAVA_INT, ADDRESS);
    private static final MethodHandle SPAWNP = Libc.function("posix_spawnp", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS);

    /** What the child does with its descriptors before exec, in order. */
    public sealed interface Action {}

    /** open(path, flags, mode) as descriptor {@code fd} in the child. */
    public record Open(int fd, Path path, int flags, int mode) implements Action {}

    /** dup2(from, to) in the child; {@code from} is a descriptor of this process and must differ from {@code to}. */
    public record Dup(int from, int to) implements Action {}

    private Spawner() {}

    /** Starts {@code argv[0]} (looked up in PATH when it has no slash); returns the child's pid. */
    public static int spawn(List<String> argv, List<Action> actions) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(arena);
            MemorySegment fileActions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            checkRc((int) FA_INIT.invokeExact(state, fileActions), "posix_spawn_file_actions_init");
            checkRc((int) ATTR_INIT.invokeExact(state, attr), "posix_spawnattr_init");
            try {
                for (Action action : actions) {
                    switch (action) {
                        case Open open -> checkRc((int) FA_OPEN.invokeExact(state, fileActions, open.fd(),
                                arena.allocateFrom(open.path().toString()), open.flags(), open.mode()), "addopen");
                        case Dup dup -> checkRc((int) FA_DUP2.invokeExact(state, fileActions, dup.from(), dup.to()), "adddup2");
                    }
                }
                checkRc((int) FA_CLOSEFROM.invokeExact(state, fileActions, 3), "addclosefrom_np");
                MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
                MemorySegment full = arena.allocate(SIGSET_SIZE, 8);
                checkRc((int) SIGEMPTYSET.invokeExact(state, empty), "sigemptyset");
                checkRc((int) SIGFILLSET.invokeExact(state, full), "sigfillset");
                checkRc((int) ATTR_SIGMASK.invokeExact(state, attr, empty), "setsigmask");
                checkRc((int) ATTR_SIGDEF.invokeExact(state, attr, full), "setsigdefault");
                checkRc((int) ATTR_FLAGS.invokeExact(state, attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)), "setflags");

                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = (int) SPAWNP.invokeExact(state, pid, arena.allocateFrom(argv.getFirst()), fileActions, attr,
                        stringArray(arena, argv), stringArray(arena, environment()));
                if (rc != 0) {
                    throw new PosixException("posix_spawn " + argv.getFirst(), rc);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(state, fileActions);
                ignored = (int) ATTR_DESTROY.invokeExact(state, attr);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void checkRc(int rc, String what) {
        if (rc != 0) {
            throw new PosixException(what, rc < 0 ? 22 : rc);
        }
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        return env;
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
