package dev.berth.shim;

import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shim is a subreaper: the container's init becomes its child once {@code runc run --detach}
 * exits. The run waits for that child with {@link #waitForChild} (exact exit status); anything
 * else that is reparented to the shim is reaped by a periodic scan, so no zombies stay behind.
 * Children the JDK started (runc commands) are spawned through {@link #spawn} and left to the JDK,
 * which reaps them itself; the scan runs under the same lock as spawning, so a fresh child is
 * never mistaken for an orphan.
 */
final class ChildReaper {
    private static final Logger LOG = LoggerFactory.getLogger(ChildReaper.class);
    private static final long SCAN_INTERVAL_MS = 2000;
    private static final int REMEMBERED_EXITS = 64;
    private static final int EINTR = 4;
    /** What {@link #waitForChild} returns for a process that is not the shim's child. */
    static final int NOT_A_CHILD = -1;

    private final Object lock = new Object();
    private final Set<Long> jdkChildren = ConcurrentHashMap.newKeySet();
    /** Children someone waits for in waitpid; the scan leaves them alone. */
    private final Set<Integer> claimed = ConcurrentHashMap.newKeySet();
    /** Exit codes of children the scan reaped before anyone claimed them. */
    private final Map<Integer, Integer> unclaimedExits = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > REMEMBERED_EXITS;
        }
    };

    void start() {
        Thread.ofVirtual().name("reaper").start(this::loop);
    }

    /** Starts a child the JDK will reap. */
    Process spawn(ProcessBuilder builder) throws IOException {
        Process process;
        synchronized (lock) {
            process = builder.start();
            jdkChildren.add(process.pid());
        }
        long pid = process.pid();
        process.onExit().thenRun(() -> jdkChildren.remove(pid));
        return process;
    }

    /**
     * Blocks until the child {@code pid} exits and returns its exit code (128+signal when killed),
     * or {@link #NOT_A_CHILD}. Call it on a platform thread: waitpid blocks in native code.
     */
    int waitForChild(int pid) {
        synchronized (lock) {
            Integer code = unclaimedExits.remove(pid);
            if (code != null) {
                return code;
            }
            claimed.add(pid);
        }
        try {
            while (true) {
                try {
                    int[] reaped = Posix.waitpid(pid, false);
                    if (reaped != null) {
                        return Posix.exitCodeOf(reaped[1]);
                    }
                    synchronized (lock) {
                        Integer code = unclaimedExits.remove(pid);
                        return code != null ? code : NOT_A_CHILD;
                    }
                } catch (PosixException e) {
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
        } finally {
            claimed.remove(pid);
        }
    }

    private void loop() {
        while (true) {
            try {
                reapOrphans();
                Thread.sleep(SCAN_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("reaping children failed: {}", e.toString());
            }
        }
    }

    void reapOrphans() {
        synchronized (lock) {
            for (int pid : children()) {
                if (jdkChildren.contains((long) pid) || claimed.contains(pid) || !isZombie(pid)) {
                    continue;
                }
                int[] reaped = Posix.waitpid(pid, true);
                if (reaped != null) {
                    int code = Posix.exitCodeOf(reaped[1]);
                    LOG.info("reaped inherited process {} (exit status {})", pid, code);
                    unclaimedExits.put(pid, code);
                }
            }
        }
    }

    /** Children of every thread of this process (/proc/self/task/<tid>/children). */
    private static List<Integer> children() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
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
        } catch (IOException e) {
            LOG.warn("cannot list child processes: {}", e.toString());
        }
        return pids;
    }

    /** The state field of /proc/<pid>/stat, after "pid (comm)"; comm may hold spaces and parentheses. */
    private static boolean isZombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
