package dev.berth.shim.fs;

import dev.berth.common.posix.PosixException;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * docker cp's host-to-container side: a tar extracted under a directory of the rootfs. Each
 * entry's directory is resolved in scope from the rootfs (as Docker's chrooted untar does), and
 * the entry is created relative to that directory's descriptor without following a symlink at
 * its name, so neither a crafted tar ("../", absolute names, links) nor symlinks already in the
 * container can write outside the rootfs.
 */
public final class TarIn {
    private record DirTime(String path, long seconds, int nanos) {}

    private final RootFs rootfs;
    private final String destination;
    private final boolean noOverwriteDirNonDir;
    private final List<DirTime> dirTimes = new ArrayList<>();

    private TarIn(RootFs rootfs, String destination, boolean noOverwriteDirNonDir) {
        this.rootfs = rootfs;
        this.destination = destination;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
    }

    /** Extracts {@code tar} under {@code destination}, an absolute container path already resolved in scope (a directory). */
    public static void extract(RootFs rootfs, String destination, InputStream tar, boolean noOverwriteDirNonDir) throws IOException {
        TarIn extractor = new TarIn(rootfs, destination, noOverwriteDirNonDir);
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                extractor.extractEntry(entry, in);
            }
        }
        // directories last: creating their entries changed their times
        for (int i = extractor.dirTimes.size() - 1; i >= 0; i--) {
            DirTime t = extractor.dirTimes.get(i);
            List<String> parts = RootFs.components(t.path());
            int parent = rootfs.openParent(parts);
            try {
                FsCalls.setTimesAt(parent, parts.isEmpty() ? "" : parts.getLast(), t.seconds(), t.nanos());
            } catch (PosixException ignored) {
                // removed by a later entry
            } finally {
                Fds.close(parent);
            }
        }
    }

    /** The entry's path below the destination; refuses names that climb out of it. */
    static List<String> entryParts(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw Status.INVALID_ARGUMENT.withDescription("invalid tar entry " + name + ": it points outside the destination")
                            .asRuntimeException();
                }
                parts.removeLast();
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    private void extractEntry(TarArchiveEntry entry, InputStream content) throws IOException {
        List<String> parts = entryParts(entry.getName());
        if (parts.isEmpty()) {
            return; // "./": the destination itself
        }
        String containerPath = join(destination, parts);
        int parent = ensureParent(parts);
        String name = parts.getLast();
        try {
            FsCalls.Stat existing = FsCalls.statAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (existing != null) {
                if (noOverwriteDirNonDir && existing.isDirectory() && !entry.isDirectory()) {
                    throw Status.INVALID_ARGUMENT.withDescription("cannot overwrite directory \"" + containerPath
                            + "\" with non-directory \"" + containerPath + "\"").asRuntimeException();
                }
                if (noOverwriteDirNonDir && !existing.isDirectory() && entry.isDirectory()) {
                    throw Status.INVALID_ARGUMENT.withDescription("cannot overwrite non-directory \"" + containerPath
                            + "\" with directory \"" + containerPath + "\"").asRuntimeException();
                }
                if (!(existing.isDirectory() && entry.isDirectory())) {
                    removeTree(parent, name);
                }
            }
            create(entry, content, parent, name, existing != null && existing.isDirectory() && entry.isDirectory());
            // owner first: chown clears set-id bits, which the mode then sets; a symlink has no mode of its own
            FsCalls.chownAt(parent, name, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
            if (!entry.isSymbolicLink()) {
                int fd = FsCalls.openAt(parent, name, Fds.O_PATH | Fds.O_NOFOLLOW, 0);
                try {
                    FsCalls.chmod(fd, entry.getMode() & 07777);
                } finally {
                    Fds.close(fd);
                }
            }
            java.time.Instant mtime = entry.getLastModifiedTime().toInstant();
            if (entry.isDirectory()) {
                dirTimes.add(new DirTime(containerPath, mtime.getEpochSecond(), mtime.getNano()));
            } else if (!entry.isLink()) {
                FsCalls.setTimesAt(parent, name, mtime.getEpochSecond(), mtime.getNano());
            }
        } finally {
            Fds.close(parent);
        }
    }

    private void create(TarArchiveEntry entry, InputStream content, int parent, String name, boolean keepDirectory)
            throws IOException {
        int perm = entry.getMode() & 07777;
        if (entry.isDirectory()) {
            if (!keepDirectory) {
                FsCalls.mkdirAt(parent, name, 0700);
            }
        } else if (entry.isSymbolicLink()) {
            FsCalls.symlinkAt(entry.getLinkName(), parent, name);
        } else if (entry.isLink()) {
            List<String> target = entryParts(entry.getLinkName());
            if (target.isEmpty()) {
                throw Status.INVALID_ARGUMENT.withDescription("invalid hard link " + entry.getName()).asRuntimeException();
            }
            int targetParent = rootfs.openParent(RootFs.components(join(destination, target)));
            try {
                FsCalls.linkAt(targetParent, target.getLast(), parent, name);
            } finally {
                Fds.close(targetParent);
            }
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            int type = entry.isCharacterDevice() ? FileModes.S_IFCHR : FileModes.S_IFBLK;
            FsCalls.mknodAt(parent, name, type | perm, FileModes.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isFIFO()) {
            FsCalls.mknodAt(parent, name, FileModes.S_IFIFO | perm, 0);
        } else {
            int fd = FsCalls.openAt(parent, name, Fds.O_WRONLY | Fds.O_CREAT | Fds.O_EXCL | Fds.O_NOFOLLOW, 0600);
            try (OutputStream out = Files.newOutputStream(RootFs.procFd(fd), StandardOpenOption.WRITE)) {
                content.transferTo(out);
            } finally {
                Fds.close(fd);
            }
        }
    }

    /** The entry's directory, open; missing directories on the way are made (0755), as Docker's untar does. */
    private int ensureParent(List<String> parts) {
        List<String> dir = RootFs.components(destination);
        int fd = rootfs.open(join("/", dir), Fds.O_PATH | Fds.O_DIRECTORY);
        for (int i = 0; i < parts.size() - 1; i++) {
            String part = parts.get(i);
            dir.add(part);
            FsCalls.Stat stat = FsCalls.statAt(fd, part, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (stat == null) {
                FsCalls.mkdirAt(fd, part, 0755);
            }
            Fds.close(fd);
            // resolved again from the rootfs: a symlink on the way is followed in scope
            fd = rootfs.open(join("/", dir), Fds.O_PATH | Fds.O_DIRECTORY);
        }
        return fd;
    }

    /** Removes a file or a whole directory tree relative to {@code parent}, never following a symlink. */
    static void removeTree(int parent, String name) {
        FsCalls.Stat stat = FsCalls.statAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW);
        if (stat == null) {
            return;
        }
        if (stat.isDirectory()) {
            int dir = FsCalls.openAt(parent, name, Fds.O_RDONLY | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
            try {
                for (String child : FsCalls.list(dir)) {
                    removeTree(dir, child);
                }
            } finally {
                Fds.close(dir);
            }
            FsCalls.unlinkAt(parent, name, true);
        } else {
            FsCalls.unlinkAt(parent, name, false);
        }
    }

    private static String join(String base, List<String> parts) {
        StringBuilder path = new StringBuilder(base.equals("/") ? "" : base);
        for (String part : parts) {
            path.append('/').append(part);
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
