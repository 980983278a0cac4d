package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import dev.berth.snapshot.fs.FileTimes;
import dev.berth.snapshot.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates one tar entry at a path that does not exist (or is a directory the entry merges into),
 * in containerd's order: the node, its owner (lchown), its extended attributes, its mode (after
 * chown, which clears set-id bits and capabilities are set after it), its times. Never follows
 * the path: it was just made by us.
 */
final class EntryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EntryWriter.class);
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private final Path root;
    private final boolean sync;
    private final byte[] copyBuffer = new byte[256 * 1024];

    EntryWriter(Path root, boolean sync) {
        this.root = root;
        this.sync = sync;
    }

    static FileTime modified(TarEntry entry) {
        return FileTime.from(entry.mtime());
    }

    /** containerd sets atime to the later of atime and mtime. */
    static FileTime accessed(TarEntry entry) {
        return entry.atime() != null && entry.atime().isAfter(entry.mtime())
                ? FileTime.from(entry.atime()) : FileTime.from(entry.mtime());
    }

    void write(Path path, TarEntry entry, InputStream content) throws IOException {
        switch (entry.type()) {
            case TarEntry.DIRECTORY -> {
                if (LayerApplier.lstat(path) == null) {
                    Files.createDirectory(path);
                }
            }
            case TarEntry.HARD_LINK -> {
                Files.createLink(path, hardLinkTarget(entry));
                return; // the link shares the target's inode and metadata
            }
            case TarEntry.SYMLINK -> Files.createSymbolicLink(path, Path.of(entry.linkName()));
            case TarEntry.CHAR_DEVICE -> Posix.mknod(path, Posix.S_IFCHR | 0600, device(entry));
            case TarEntry.BLOCK_DEVICE -> Posix.mknod(path, S_IFBLK | 0600, device(entry));
            case TarEntry.FIFO -> Posix.mknod(path, S_IFIFO | 0600, 0);
            case TarEntry.REGULAR -> writeFile(path, content);
            default -> throw invalidArgument("unsupported tar entry type '" + (char) entry.type() + "' for "
                    + entry.name());
        }
        Files.setAttribute(path, "unix:uid", owner(entry.uid(), "uid", entry), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", owner(entry.gid(), "gid", entry), LinkOption.NOFOLLOW_LINKS);
        setXattrs(path, entry);
        if (entry.type() != TarEntry.SYMLINK) {
            Files.setAttribute(path, "unix:mode", entry.mode()); // no lchmod on Linux: symlinks keep 0777
        }
        if (!entry.isDirectory()) {
            FileTimes.set(path, modified(entry), accessed(entry));
        }
    }

    /** A uid or gid as the int lchown takes (uid_t is 32 bits unsigned; -1 means "unchanged", so not allowed). */
    private static int owner(long id, String what, TarEntry entry) {
        if (id < 0 || id > 0xFFFF_FFFEL) {
            throw invalidArgument(what + " " + id + " of " + entry.name() + " is out of range");
        }
        return (int) id;
    }

    private static long device(TarEntry entry) {
        return Posix.makedev(entry.devMajor(), entry.devMinor());
    }

    /** A hard link's target, resolved inside the root like any entry; it must be in the layer already. */
    private Path hardLinkTarget(TarEntry entry) throws IOException {
        List<String> parts = RootedPaths.clean(entry.linkName());
        if (parts.isEmpty()) {
            throw invalidArgument("hard link " + entry.name() + " has no target");
        }
        Path target = RootedPaths.resolve(root, parts.subList(0, parts.size() - 1)).resolve(parts.getLast());
        BasicFileAttributes attrs = LayerApplier.lstat(target);
        if (attrs == null || attrs.isDirectory()) {
            throw invalidArgument("hard link " + entry.name() + " -> " + entry.linkName()
                    + ": target is not a file in the layer");
        }
        return target;
    }

    private void writeFile(Path path, InputStream data) throws IOException {
        try (FileChannel channel = FileChannel.open(path,
                Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buffer = ByteBuffer.wrap(copyBuffer);
            for (int n; (n = data.read(copyBuffer)) > 0; ) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            if (sync) {
                channel.force(true);
            }
        }
    }

    /**
     * Extended attributes byte for byte, best effort as containerd (a file system or a symlink may
     * refuse some); trusted.overlay.* never, as it would steer overlayfs.
     */
    private static void setXattrs(Path path, TarEntry entry) {
        for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
            String name = xattr.getKey();
            if (name.startsWith("trusted.overlay.")) {
                continue;
            }
            try {
                Posix.setXattr(path, name, xattr.getValue());
            } catch (PosixException e) {
                LOG.debug("ignoring xattr {} on {}: {}", name, path, e.getMessage());
            }
        }
    }
}
