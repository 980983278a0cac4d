package dev.berth.shim.fs;

import dev.berth.common.posix.PosixException;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A container's root filesystem, where every path is untrusted and resolved as a chroot would:
 * symlinks relative to the rootfs, ".." clamped at its root. The kernel does the resolution
 * (openat2 with RESOLVE_IN_ROOT, from a descriptor of the rootfs), so a symlink pointing at "/"
 * or "../../" lands inside, and a rename racing the walk cannot lead it out. Files are then
 * reached relative to open directory descriptors with the *at calls and O_NOFOLLOW.
 */
public final class RootFs implements AutoCloseable {
    /** Like Linux's MAXSYMLINKS: more symlinks than this on one path is a loop. */
    static final int MAX_SYMLINK_HOPS = 40;

    private final Path root;
    private final int rootFd;

    private RootFs(Path root, int rootFd) {
        this.root = root;
        this.rootFd = rootFd;
    }

    public static RootFs open(Path root) {
        return new RootFs(root, Fds.open(root, Fds.O_PATH | Fds.O_DIRECTORY, 0));
    }

    public Path hostPath() {
        return root;
    }

    /** The path's components without empty ones and "." (".." is kept, the kernel clamps it). */
    public static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The container path as a path relative to the root, for openat2 ("" is the root itself). */
    static String relative(List<String> parts) {
        return String.join("/", parts);
    }

    /** Opens {@code path} inside the root, following symlinks in scope. Throws PosixException (ENOENT...). */
    public int open(String path, int flags) {
        return FsCalls.openInRoot(rootFd, relative(components(path)), flags, 0);
    }

    /** Opens {@code path}'s directory (its last component's parent), following symlinks in scope. */
    public int openParent(List<String> parts) {
        return FsCalls.openInRoot(rootFd, relative(parts.subList(0, Math.max(0, parts.size() - 1))),
                Fds.O_PATH | Fds.O_DIRECTORY, 0);
    }

    /**
     * Docker's lstat of a container path: the directories on the way are resolved in scope, the
     * last component is not followed (unless the path ends with "/" or "/.", which asks for the
     * directory it names). Null when it does not exist.
     */
    public FsCalls.Stat lstat(String path) {
        List<String> parts = components(path);
        boolean followLast = path.endsWith("/") || path.endsWith("/.") || parts.isEmpty()
                || parts.getLast().equals("..");
        try {
            if (followLast) {
                int fd = open(path, Fds.O_PATH);
                try {
                    return FsCalls.stat(fd);
                } finally {
                    Fds.close(fd);
                }
            }
            int parent = openParent(parts);
            try {
                return FsCalls.statAt(parent, parts.getLast(), FsCalls.AT_SYMLINK_NOFOLLOW);
            } finally {
                Fds.close(parent);
            }
        } catch (PosixException e) {
            if (e.errno() == Fds.ENOENT || e.errno() == FsCalls.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The absolute container path {@code path} resolves to with every symlink followed in scope,
     * whether or not the end exists (Docker's FollowSymlinkInScope): what StatPath reports as a
     * symlink's target.
     */
    public String resolveInScope(String path) {
        Deque<String> pending = new ArrayDeque<>(components(path));
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.poll();
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            FsCalls.Stat stat = statIn(resolved, part);
            if (stat == null || !stat.isSymlink()) {
                resolved.add(part);
                continue;
            }
            if (++hops > MAX_SYMLINK_HOPS) {
                throw new PosixException("resolve " + path, FsCalls.ELOOP);
            }
            String target = readlinkIn(resolved, part);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetParts = components(target);
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                pending.push(targetParts.get(i));
            }
        }
        return "/" + String.join("/", resolved);
    }

    private FsCalls.Stat statIn(List<String> dir, String name) {
        int fd;
        try {
            fd = FsCalls.openInRoot(rootFd, relative(dir), Fds.O_PATH | Fds.O_DIRECTORY, 0);
        } catch (PosixException e) {
            return null;
        }
        try {
            return FsCalls.statAt(fd, name, FsCalls.AT_SYMLINK_NOFOLLOW);
        } finally {
            Fds.close(fd);
        }
    }

    private String readlinkIn(List<String> dir, String name) {
        int fd = FsCalls.openInRoot(rootFd, relative(dir), Fds.O_PATH | Fds.O_DIRECTORY, 0);
        try {
            return FsCalls.readlinkAt(fd, name);
        } finally {
            Fds.close(fd);
        }
    }

    /** A regular file's content, read through the resolved descriptor (capped); null if it is not a regular file. */
    public byte[] readFile(String path, int maxBytes) throws IOException {
        int fd;
        try {
            fd = open(path, Fds.O_RDONLY | Fds.O_NONBLOCK | Fds.O_NOCTTY);
        } catch (PosixException e) {
            return null;
        }
        try {
            if (!FsCalls.stat(fd).isRegular()) {
                return null;
            }
            try (var in = Files.newInputStream(procFd(fd))) {
                return in.readNBytes(maxBytes);
            }
        } finally {
            Fds.close(fd);
        }
    }

    /** The /proc/self/fd link of a descriptor: opening it reopens that very file, never a path. */
    public static Path procFd(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public void close() {
        Fds.close(rootFd);
    }
}
