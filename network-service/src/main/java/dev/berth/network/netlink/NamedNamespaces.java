package dev.berth.network.netlink;

import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Named network namespaces made as {@code ip netns add} makes them, in-process: the namespace is
 * bind-mounted on an empty file in a shared-mount directory, so {@code ip netns list}, {@code ip -n}
 * and runc (which joins it by path) see no difference.
 */
public final class NamedNamespaces {
    private static final long MS_SHARED = 1L << 20;
    private final Path directory;

    public NamedNamespaces(Path directory) {
        this.directory = directory;
    }

    public Path path(String name) {
        return directory.resolve(name);
    }

    /** Creates a new network namespace named {@code name}, loopback up; on failure removes what it made. */
    public void create(String name) {
        Path file = path(name);
        makeDirectoryShared();
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw NetlinkException.call("Cannot create namespace file \"" + file + "\"", NetlinkException.EEXIST);
        } catch (IOException e) {
            throw new NetlinkException("Cannot create namespace file \"" + file + "\": " + e.getMessage(),
                    NetlinkException.ENOENT);
        }
        try {
            // a fresh thread, so no thread of the service leaves the host's namespace; it ends right after
            NamespaceThread.callOnFreshThread("netns-add-" + name, () -> {
                NamespaceCalls.unshareNetwork();
                mount(Path.of("/proc/thread-self/ns/net").toString(), file, "none", Posix.MS_BIND,
                        "Bind /proc/thread-self/ns/net -> " + file + " failed");
                // still inside it: loopback up without entering the namespace again from another thread
                try (NetlinkSocket socket = NetlinkSocket.open()) {
                    new Links(socket).setUp("lo", 0);
                }
                return null;
            });
        } catch (RuntimeException e) {
            removeQuietly(file, e);
            throw e;
        }
    }

    /** Unmounts and removes the namespace file; the namespace dies with its last user. */
    public void delete(String name) {
        Path file = path(name);
        try {
            Posix.unmount(file, Posix.MNT_DETACH);
        } catch (PosixException e) {
            // as ip netns del: a file that is not (or no longer) a mount point is still removed
        }
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw NetlinkException.call("Cannot remove namespace file \"" + file + "\"", NetlinkException.ENOENT);
        } catch (IOException e) {
            throw new NetlinkException("Cannot remove namespace file \"" + file + "\": " + e.getMessage(),
                    NetlinkException.EINVAL);
        }
    }

    /**
     * Makes the directory a shared mount (bind-mounting it onto itself first if it is not a mount
     * point), as ip does, so a namespace mounted in it shows in mount namespaces made later (runc's).
     * Synchronized: two concurrent first creations would otherwise stack two bind mounts.
     */
    private synchronized void makeDirectoryShared() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new NetlinkException("cannot create " + directory + ": " + e.getMessage(), NetlinkException.ENOENT);
        }
        try {
            Posix.mount("", directory, "none", MS_SHARED | Posix.MS_REC, null);
            return;
        } catch (PosixException e) {
            if (e.errno() != NetlinkException.EINVAL) {
                throw NetlinkException.call("mount --make-rshared " + directory + " failed", e.errno());
            }
        }
        mount(directory.toString(), directory, "none", Posix.MS_BIND | Posix.MS_REC,
                "mount --bind " + directory + " " + directory + " failed");
        mount("", directory, "none", MS_SHARED | Posix.MS_REC, "mount --make-rshared " + directory + " failed");
    }

    private static void mount(String source, Path target, String type, long flags, String what) {
        try {
            Posix.mount(source, target, type, flags, null);
        } catch (PosixException e) {
            throw NetlinkException.call(what, e.errno());
        }
    }

    private static void removeQuietly(Path file, RuntimeException failure) {
        try {
            Posix.unmount(file, Posix.MNT_DETACH);
        } catch (PosixException notMounted) {
            // the bind mount was not made
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
