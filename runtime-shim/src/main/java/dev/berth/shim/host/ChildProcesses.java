package dev.berth.shim.host;

import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.Procs;
import dev.berth.shim.posix.Spawner;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes the host spawns (runc) or watches (containers' inits and execs, which become its
 * children when runc exits, since the host is a subreaper). Each is watched through a pidfd on
 * the event loop and reaped with waitpid(pid, WNOHANG) for its own pid only, never waitpid(-1).
 * A scan every few seconds reaps zombie children nobody watches (processes orphaned inside a
 * container, reparented here), remembering their statuses briefly in case a watch for one of
 * them comes just after.
 */
public final class ChildProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final long SCAN_MILLIS = 2000;
    private static final int REMEMBERED_EXITS = 128;
    /** The exit code of a process that is not this host's child: its status cannot be known. */
    public static final int UNKNOWN = Integer.MIN_VALUE;

    private final EventLoop loop;
    private final Object lock = new Object();
    private final Set<Integer> watched = new HashSet<>();
    private final Map<Integer, Integer> unclaimedExits = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > REMEMBERED_EXITS;
        }
    };

    public ChildProcesses(EventLoop loop) {
        this.loop = loop;
    }

    public void startScanning() {
        loop.every(SCAN_MILLIS, this::reapOrphans);
    }

    /** A spawned child: its pid, and its exit code once it exited. */
    public record Child(int pid, CompletableFuture<Integer> exit) {}

    /** Spawns a child and watches it; the scan cannot take it in between. */
    public Child spawn(List<String> argv, List<Spawner.Action> actions) {
        int pid;
        int pidfd;
        synchronized (lock) {
            pid = Spawner.spawn(argv, actions);
            pidfd = Procs.pidfdOpen(pid);
            watched.add(pid);
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        loop.execute(() -> watchPidfd(pid, pidfd, exit));
        return new Child(pid, exit);
    }

    /**
     * Watches a process that may be this host's child (an init after runc exited) or not (one
     * adopted after a restart). Completes with its exit code, or {@link #UNKNOWN} if it was not
     * this host's child. {@code startTime} (from /proc, or -1 to skip the check) guards against a
     * reused pid: a different process under the same pid counts as exited. Loop thread only.
     */
    public CompletableFuture<Integer> watch(int pid, long startTime) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Integer remembered;
        synchronized (lock) {
            remembered = unclaimedExits.remove(pid);
        }
        if (remembered != null) {
            exit.complete(remembered);
            return exit;
        }
        int pidfd = Procs.pidfdOpen(pid);
        if (pidfd < 0 || (startTime >= 0 && Procs.startTime(pid) != startTime)) {
            Fds.close(pidfd);
            exit.complete(UNKNOWN);
            return exit;
        }
        synchronized (lock) {
            watched.add(pid);
        }
        watchPidfd(pid, pidfd, exit);
        return exit;
    }

    private void watchPidfd(int pid, int pidfd, CompletableFuture<Integer> exit) {
        if (pidfd < 0) {
            // gone before it could be watched: only a scan can have reaped it
            finish(pid, exit);
            return;
        }
        EventLoop.Registration[] registration = new EventLoop.Registration[1];
        registration[0] = loop.register(pidfd, Epoll.EPOLLIN, events -> {
            registration[0].cancel();
            Fds.close(pidfd);
            finish(pid, exit);
        });
    }

    private void finish(int pid, CompletableFuture<Integer> exit) {
        int code;
        synchronized (lock) {
            code = Procs.waitNoHang(pid);
            if (code == Procs.NOT_A_CHILD || code == Procs.STILL_RUNNING) {
                Integer remembered = unclaimedExits.remove(pid);
                code = remembered != null ? remembered : UNKNOWN;
            }
            watched.remove(pid);
        }
        exit.complete(code);
    }

    /** Reaps zombie children nobody watches. */
    void reapOrphans() {
        synchronized (lock) {
            for (int pid : Procs.children()) {
                if (watched.contains(pid) || Procs.state(pid) != 'Z') {
                    continue;
                }
                int code = Procs.waitNoHang(pid);
                if (code >= 0) {
                    LOG.debug("reaped orphaned process {} (exit status {})", pid, code);
                    unclaimedExits.put(pid, code);
                }
            }
        }
    }
}
