package dev.berth.shim.task;

import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.ChangesResponse;
import dev.berth.api.runtime.v1.StatPathResponse;
import dev.berth.common.posix.PosixException;
import dev.berth.shim.fs.ChangesDiff;
import dev.berth.shim.fs.FileModes;
import dev.berth.shim.fs.RootFs;
import dev.berth.shim.fs.RootfsMounter;
import dev.berth.shim.fs.TarIn;
import dev.berth.shim.fs.TarOut;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The container's root filesystem, read and written where it is mounted (a created or stopped
 * container's rootfs stays mounted until Delete), every path resolved inside it by {@link RootFs}.
 * Errors in Docker's words.
 */
final class FilesystemCalls {
    private FilesystemCalls() {}

    /** The path as an absolute container path, keeping a trailing "/" or "/." (Docker's PreserveTrailingDotOrSeparator). */
    static String absolute(String path) {
        if (path.isEmpty()) {
            throw Errors.invalid("a path is required");
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    static RuntimeException notFound(Container c, String path) {
        return Errors.notFound("Could not find the file " + path + " in container " + c.id);
    }

    /**
     * The container's filesystem for a copy: its rootfs, or with {@code throughMounts} the root of its
     * running init, from which the kernel resolves paths in the container's own mount namespace,
     * across its volumes, binds and tmpfs mounts (still contained by openat2's RESOLVE_IN_ROOT).
     * Only a running container has that view.
     */
    static RootFs open(Container c, List<String> throughMounts) {
        if (throughMounts.isEmpty()) {
            return RootFs.open(c.rootfs());
        }
        int pid;
        long startTime;
        synchronized (c) {
            pid = c.init.isRunning() ? c.init.pid : 0;
            startTime = c.init.pidStartTime;
        }
        if (pid > 0) {
            RootFs view = null;
            try {
                view = RootFs.open(Path.of("/proc/" + pid + "/root"));
            } catch (RuntimeException exitedMeanwhile) {
                // reported below
            }
            // the descriptor holds the root it opened; the pid must still be the init's
            if (view != null && dev.berth.shim.posix.Procs.startTime(pid) == startTime) {
                return view;
            }
            if (view != null) {
                view.close();
            }
        }
        throw Errors.failedPrecondition("container " + c.id + " is not running: the paths on its mounts can be copied only while it runs");
    }

    /**
     * The mounts a copy through the container's view must not descend into: all of its mounts
     * (config.json's) but those the copy goes through. Docker's view of a container for cp is its
     * rootfs with its volumes and binds, where /proc, /sys and /dev are the empty directories.
     */
    static java.util.Set<String> otherMounts(Container c, List<String> throughMounts) {
        if (throughMounts.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> others = new java.util.HashSet<>();
        List<String> all = c.record.mountPoints == null ? List.of() : c.record.mountPoints;
        for (String mountPoint : all) {
            others.add(Path.of("/").resolve(mountPoint).normalize().toString());
        }
        for (String mount : throughMounts) {
            others.remove(Path.of("/").resolve(mount).normalize().toString());
        }
        return others;
    }

    static StatPathResponse statPath(Container c, String path, List<String> throughMounts) {
        c.requireLive();
        String abs = absolute(path);
        try (RootFs rootfs = open(c, throughMounts)) {
            FsCalls.Stat stat = rootfs.lstat(abs);
            if (stat == null) {
                throw notFound(c, path);
            }
            List<String> parts = RootFs.components(abs);
            StatPathResponse.Builder response = StatPathResponse.newBuilder()
                    .setName(abs.endsWith("/.") ? "." : parts.isEmpty() ? "/" : parts.getLast())
                    .setSize(stat.size())
                    .setMode(FileModes.goFileMode(stat.mode()))
                    .setMtime(Timestamp.newBuilder().setSeconds(stat.mtimeSeconds()).setNanos(stat.mtimeNanos()));
            if (stat.isSymlink()) {
                response.setLinkTarget(rootfs.resolveInScope(abs));
            }
            return response.build();
        } catch (PosixException e) {
            throw failure(c, path, e);
        }
    }

    static void archiveOut(Container c, String path, List<String> throughMounts, OutputStream out) throws IOException {
        c.requireLive();
        String abs = absolute(path);
        try (RootFs rootfs = open(c, throughMounts)) {
            if (rootfs.lstat(abs) == null) {
                throw notFound(c, path);
            }
            TarOut.write(rootfs, abs, out, otherMounts(c, throughMounts));
        } catch (PosixException e) {
            throw failure(c, path, e);
        }
    }

    /** Extracts a tar under {@code path}, which must be a directory once every symlink on it is followed in scope. */
    static void archiveIn(Container c, String path, boolean noOverwriteDirNonDir, List<String> throughMounts, InputStream tar)
            throws IOException {
        c.requireLive();
        if (c.record.readonlyRootfs) {
            throw Errors.failedPrecondition("container rootfs is marked read-only");
        }
        String abs = absolute(path);
        try (RootFs rootfs = open(c, throughMounts)) {
            String destination = rootfs.resolveInScope(abs);
            FsCalls.Stat stat = rootfs.lstat(destination);
            if (stat == null) {
                throw notFound(c, path);
            }
            if (!stat.isDirectory()) {
                throw Errors.invalid("extraction point is not a directory");
            }
            TarIn.extract(rootfs, destination, tar, noOverwriteDirNonDir);
        } catch (PosixException e) {
            throw failure(c, path, e);
        }
    }

    /** docker diff: the lower mounts are mounted read-only on a private temporary directory for the call. */
    static ChangesResponse changes(Container c, List<Mount> lower) throws IOException {
        c.requireLive();
        Path mountPoint = null;
        boolean mounted = false;
        try {
            if (!lower.isEmpty()) {
                mountPoint = Files.createTempDirectory(c.store.dir(), "changes-");
                RootfsMounter.mountAll(lower, mountPoint, true);
                mounted = true;
            }
            List<String> skipped = c.record.mountPoints == null ? List.of() : c.record.mountPoints;
            return ChangesResponse.newBuilder().addAllChanges(ChangesDiff.diff(mountPoint, c.rootfs(), skipped)).build();
        } catch (IllegalArgumentException e) {
            throw Errors.invalid(e.getMessage());
        } finally {
            if (mounted) {
                RootfsMounter.unmountAll(mountPoint);
            }
            if (mountPoint != null) {
                Files.deleteIfExists(mountPoint);
            }
        }
    }

    private static RuntimeException failure(Container c, String path, PosixException e) {
        if (e.errno() == Fds.ENOENT || e.errno() == FsCalls.ENOTDIR) {
            return notFound(c, path);
        }
        if (e.errno() == FsCalls.ELOOP) {
            return Errors.invalid("too many levels of symbolic links in " + path);
        }
        return io.grpc.Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
    }
}
