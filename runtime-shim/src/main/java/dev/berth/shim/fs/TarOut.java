package dev.berth.shim.fs;

import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * docker cp's container-to-host side: a tar of a path in the rootfs, a file or a directory and
 * everything under it, with entries named from the path's last element (Docker's rebase). The
 * walk goes from directory descriptor to directory descriptor with O_NOFOLLOW, so a symlink is
 * archived as a symlink and never followed out of the rootfs.
 */
public final class TarOut {
    private final TarArchiveOutputStream tar;
    private final Map<String, String> hardLinks = new HashMap<>();
    private final java.util.Set<String> noDescent;

    private TarOut(OutputStream out, java.util.Set<String> noDescent) {
        this.noDescent = noDescent;
        this.tar = new TarArchiveOutputStream(out, 32 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Writes the tar of {@code path} (which exists: the caller stat'ed it) to {@code out}. The
     * last element is followed only when the path ends with "/" or "/." (Docker's rule).
     */
    public static void write(RootFs rootfs, String path, OutputStream out) throws IOException {
        write(rootfs, path, out, java.util.Set.of());
    }

    /**
     * As {@link #write(RootFs, String, OutputStream)}, with directories at the container paths of
     * {@code noDescent} archived as directories and nothing under them (the mounts of a live
     * container that a copy leaves out: /proc, /sys, /dev).
     */
    public static void write(RootFs rootfs, String path, OutputStream out, java.util.Set<String> noDescent) throws IOException {
        List<String> parts = RootFs.components(path);
        boolean followLast = path.endsWith("/") || path.endsWith("/.") || parts.isEmpty() || parts.getLast().equals("..");
        String base = path.endsWith("/.") ? "." : parts.isEmpty() ? "." : parts.getLast();
        String absolute = java.nio.file.Path.of("/" + String.join("/", parts)).normalize().toString();
        TarOut writer = new TarOut(out, noDescent);
        if (followLast) {
            int dir = rootfs.open(path, Fds.O_PATH);
            try {
                FsCalls.Stat stat = FsCalls.stat(dir);
                if (stat.isDirectory()) {
                    int readable = FsCalls.openAt(dir, ".", Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
                    try {
                        writer.entry(base, stat, null);
                        writer.children(readable, base, absolute);
                    } finally {
                        Fds.close(readable);
                    }
                } else {
                    writer.entry(base, stat, stat.isRegular() ? RootFs.procFd(dir) : null);
                }
            } finally {
                Fds.close(dir);
            }
        } else {
            int parent = rootfs.openParent(parts);
            try {
                writer.visit(parent, parts.getLast(), base, absolute);
            } finally {
                Fds.close(parent);
            }
        }
        writer.tar.finish();
        writer.tar.flush();
    }

    private void visit(int parent, String name, String entryName, String containerPath) throws IOException {
        FsCalls.Stat stat = FsCalls.statAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW);
        if (stat == null) {
            return; // removed while we walked
        }
        if (stat.isDirectory()) {
            int dir = FsCalls.openAt(parent, name, Fds.O_RDONLY | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
            try {
                entry(entryName, stat, null);
                if (!noDescent.contains(containerPath)) {
                    children(dir, entryName, containerPath);
                }
            } finally {
                Fds.close(dir);
            }
        } else if (stat.isRegular()) {
            int file = FsCalls.openAt(parent, name, Fds.O_RDONLY | Fds.O_NOFOLLOW | Fds.O_NONBLOCK | Fds.O_NOCTTY, 0);
            try {
                FsCalls.Stat opened = FsCalls.stat(file);
                entry(entryName, opened, opened.isRegular() ? RootFs.procFd(file) : null);
            } finally {
                Fds.close(file);
            }
        } else if (stat.isSymlink()) {
            TarArchiveEntry link = new TarArchiveEntry(entryName, TarConstants.LF_SYMLINK);
            link.setLinkName(FsCalls.readlinkAt(parent, name));
            attributes(link, stat);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        } else {
            entry(entryName, stat, null);
        }
    }

    private void children(int dir, String prefix, String containerDir) throws IOException {
        List<String> names = FsCalls.list(dir);
        names.sort(null);
        for (String name : names) {
            visit(dir, name, prefix + "/" + name, containerDir.equals("/") ? "/" + name : containerDir + "/" + name);
        }
    }

    private void entry(String name, FsCalls.Stat stat, java.nio.file.Path content) throws IOException {
        TarArchiveEntry entry;
        if (stat.isDirectory()) {
            entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        } else if (stat.isRegular()) {
            String key = stat.dev() + ":" + stat.ino();
            String first = stat.nlink() > 1 ? hardLinks.putIfAbsent(key, name) : null;
            if (first != null) {
                entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                entry.setLinkName(first);
                attributes(entry, stat);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                return;
            }
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(content == null ? 0 : stat.size());
        } else if ((stat.mode() & FileModes.S_IFMT) == FileModes.S_IFCHR || (stat.mode() & FileModes.S_IFMT) == FileModes.S_IFBLK) {
            boolean chr = (stat.mode() & FileModes.S_IFMT) == FileModes.S_IFCHR;
            entry = new TarArchiveEntry(name, chr ? TarConstants.LF_CHR : TarConstants.LF_BLK);
            entry.setDevMajor(FileModes.major(stat.rdev()));
            entry.setDevMinor(FileModes.minor(stat.rdev()));
        } else if ((stat.mode() & FileModes.S_IFMT) == FileModes.S_IFIFO) {
            entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
        } else {
            return; // sockets are not archived, as in Docker
        }
        attributes(entry, stat);
        tar.putArchiveEntry(entry);
        if (content != null && stat.isRegular()) {
            try (InputStream in = Files.newInputStream(content)) {
                long left = stat.size();
                byte[] buffer = new byte[32 * 1024];
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    tar.write(buffer, 0, n);
                    left -= n;
                }
                // a file that shrank while it was read is padded, as the header promised its size
                while (left > 0) {
                    int n = (int) Math.min(buffer.length, left);
                    java.util.Arrays.fill(buffer, 0, n, (byte) 0);
                    tar.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        tar.closeArchiveEntry();
    }

    private static void attributes(TarArchiveEntry entry, FsCalls.Stat stat) {
        entry.setMode(stat.mode() & 07777);
        entry.setUserId(stat.uid());
        entry.setGroupId(stat.gid());
        entry.setLastModifiedTime(FileTime.from(java.time.Instant.ofEpochSecond(stat.mtimeSeconds(), stat.mtimeNanos())));
    }
}
