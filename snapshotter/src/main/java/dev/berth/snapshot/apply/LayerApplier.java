package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.common.fs.DurableFiles;
import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import dev.berth.snapshot.fs.FileTimes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an uncompressed layer tar into a directory, as containerd's archive.Apply does: every
 * entry's parent is resolved inside the target with {@link RootedPaths} (symlinks followed as if
 * the target were "/"), the entry itself is never followed, an existing file is removed before it
 * is replaced, and whiteouts are written by a {@link Whiteouts} strategy. Nothing is written
 * outside the target.
 */
public final class LayerApplier {
    private static final Logger LOG = LoggerFactory.getLogger(LayerApplier.class);
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";

    /** Applies the tar read from {@code tar} (not closed) to {@code target}; {@code sync} fsyncs each file. */
    public void apply(InputStream tar, ApplyTarget target, boolean sync) throws IOException {
        new Extraction(target, sync).run(new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name()));
    }

    /** A directory entry's times, kept by name: they are set when the whole layer is written. */
    private record DirectoryTimes(List<String> parts, FileTime modified, FileTime accessed) {}

    /** The state of one application: what was written, and the directory times to set last. */
    private static final class Extraction {
        private final Path root;
        private final List<Path> lowers;
        private final Whiteouts whiteouts;
        private final boolean sync;
        private final UnpackedPaths unpacked = new UnpackedPaths();
        private final List<DirectoryTimes> directoryTimes = new ArrayList<>();

        Extraction(ApplyTarget target, boolean sync) {
            this.root = target.root();
            this.lowers = target.lowers();
            this.whiteouts = target.overlay() ? new OverlayWhiteouts() : new RemovingWhiteouts();
            this.sync = sync;
        }

        void run(TarArchiveInputStream tar) throws IOException {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                List<String> parts = RootedPaths.clean(entry.getName());
                if (parts.isEmpty()) {
                    continue; // the root itself, which containerd ignores too
                }
                String base = parts.getLast();
                Path parent = RootedPaths.resolve(root, parts.subList(0, parts.size() - 1));
                makeParents(parent);
                if (base.startsWith(Whiteouts.PREFIX)) {
                    whiteout(parent, base, entry);
                    continue;
                }
                Path path = parent.resolve(base);
                replaceExisting(path, entry.isDirectory());
                create(path, entry, tar);
                unpacked.add(path);
            }
            // directory times last: creating their children changed them
            for (DirectoryTimes times : directoryTimes) {
                // resolved again, inside the root: a later entry may have put a symlink on the way
                // (a/ ... then a -> /), and a path kept from earlier would now lead out of it
                List<String> parts = times.parts();
                Path dir;
                try {
                    dir = RootedPaths.resolve(root, parts.subList(0, parts.size() - 1)).resolve(parts.getLast());
                } catch (IOException gone) {
                    continue; // a later entry removed or replaced what led to it
                }
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    FileTimes.set(dir, times.modified(), times.accessed());
                }
            }
        }

        private void whiteout(Path parent, String base, TarArchiveEntry entry) throws IOException {
            if (base.equals(Whiteouts.OPAQUE)) {
                whiteouts.makeOpaque(parent, unpacked);
                return;
            }
            if (base.startsWith(Whiteouts.PREFIX + Whiteouts.PREFIX)) {
                return; // AUFS bookkeeping such as .wh..wh.plnk, not a whiteout
            }
            String hidden = base.substring(Whiteouts.PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw invalidArgument("invalid whiteout name " + entry.getName());
            }
            whiteouts.hide(parent.resolve(hidden), entry);
        }

        /** containerd's mkparent: creates missing parents, copying a directory's metadata from the lowers. */
        private void makeParents(Path dir) throws IOException {
            if (dir.equals(root)) {
                return;
            }
            BasicFileAttributes existing = lstat(dir);
            if (existing != null) {
                if (!existing.isDirectory()) {
                    throw new FileSystemException(dir.toString(), null, "not a directory");
                }
                return;
            }
            makeParents(dir.getParent());
            Files.createDirectory(dir);
            Files.setAttribute(dir, "unix:mode", 0755);
            List<String> relative = RootedPaths.clean(root.relativize(dir).toString());
            for (Path lower : lowers) {
                Path lowerDir = RootedPaths.resolve(lower, relative);
                BasicFileAttributes attrs = lstat(lowerDir);
                if (attrs != null) {
                    if (attrs.isDirectory()) {
                        copyDirectoryInfo(lowerDir, dir, attrs);
                    }
                    break;
                }
            }
        }

        private void copyDirectoryInfo(Path from, Path to, BasicFileAttributes attrs) throws IOException {
            Map<String, Object> unix = Files.readAttributes(from, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:uid", unix.get("uid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:gid", unix.get("gid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:mode", (Integer) unix.get("mode") & 07777);
            FileTimes.set(to, attrs.lastModifiedTime(), attrs.lastAccessTime());
        }

        /** An existing path is removed, unless both it and the entry are directories (they merge). */
        private void replaceExisting(Path path, boolean entryIsDirectory) throws IOException {
            BasicFileAttributes existing = lstat(path);
            if (existing != null && !(existing.isDirectory() && entryIsDirectory)) {
                DurableFiles.deleteTree(path);
            }
        }

        private void create(Path path, TarArchiveEntry entry, InputStream data) throws IOException {
            int permissions = entry.getMode() & 07777;
            if (entry.isDirectory()) {
                if (lstat(path) == null) {
                    Files.createDirectory(path);
                }
            } else if (entry.isLink()) {
                Files.createLink(path, hardLinkTarget(entry));
                return; // the link shares the target's inode and metadata
            } else if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } else if (entry.isCharacterDevice()) {
                Posix.mknod(path, Posix.S_IFCHR | 0600, Posix.makedev(entry.getDevMajor(), entry.getDevMinor()));
            } else if (entry.isBlockDevice()) {
                Posix.mknod(path, S_IFBLK | 0600, Posix.makedev(entry.getDevMajor(), entry.getDevMinor()));
            } else if (entry.isFIFO()) {
                Posix.mknod(path, S_IFIFO | 0600, 0);
            } else if (entry.isFile()) {
                writeFile(path, data);
            } else {
                throw invalidArgument("unsupported tar entry type '" + (char) entry.getLinkFlag() + "' for " + entry.getName());
            }
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            setXattrs(path, entry);
            FileTime modified = entry.getLastModifiedTime();
            FileTime accessed = entry.getLastAccessTime() != null && entry.getLastAccessTime().compareTo(modified) > 0
                    ? entry.getLastAccessTime() : modified;
            if (entry.isSymbolicLink()) {
                FileTimes.set(path, modified, accessed);
                return;
            }
            // after chown, which clears set-id bits; the path was just created by us, so it is no symlink
            Files.setAttribute(path, "unix:mode", permissions);
            if (entry.isDirectory()) {
                directoryTimes.add(new DirectoryTimes(RootedPaths.clean(entry.getName()), modified, accessed));
            } else {
                FileTimes.set(path, modified, accessed);
            }
        }

        /** A hard link's target, resolved inside the root like any entry; it must be in the layer already. */
        private Path hardLinkTarget(TarArchiveEntry entry) throws IOException {
            List<String> parts = RootedPaths.clean(entry.getLinkName());
            if (parts.isEmpty()) {
                throw invalidArgument("hard link " + entry.getName() + " has no target");
            }
            Path target = RootedPaths.resolve(root, parts.subList(0, parts.size() - 1)).resolve(parts.getLast());
            BasicFileAttributes attrs = lstat(target);
            if (attrs == null || attrs.isDirectory()) {
                throw invalidArgument("hard link " + entry.getName() + " -> " + entry.getLinkName()
                        + ": target is not a file in the layer");
            }
            return target;
        }

        private void writeFile(Path path, InputStream data) throws IOException {
            try (FileChannel channel = FileChannel.open(path,
                    Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                data.transferTo(Channels.newOutputStream(channel));
                if (sync) {
                    channel.force(true);
                }
            }
        }

        /** Extended attributes from PAX headers, best effort as containerd (trusted.overlay.* never: they steer overlayfs). */
        private void setXattrs(Path path, TarArchiveEntry entry) {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                if (!header.getKey().startsWith(XATTR_PAX_PREFIX)) {
                    continue;
                }
                String name = header.getKey().substring(XATTR_PAX_PREFIX.length());
                if (name.startsWith("trusted.overlay.")) {
                    continue;
                }
                try {
                    Posix.setXattr(path, name, header.getValue().getBytes(StandardCharsets.UTF_8));
                } catch (PosixException e) {
                    LOG.debug("ignoring xattr {} on {}: {}", name, path, e.getMessage());
                }
            }
        }

        private static BasicFileAttributes lstat(Path path) throws IOException {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
