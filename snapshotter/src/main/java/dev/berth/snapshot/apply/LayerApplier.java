package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.common.fs.DurableFiles;
import dev.berth.snapshot.fs.FileTimes;
import dev.berth.snapshot.tar.LayerTarReader;
import dev.berth.snapshot.tar.TarEntry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an uncompressed layer tar into a directory, as containerd's archive.Apply does: every
 * entry's parent is resolved inside the target with {@link RootedPaths} (symlinks followed as if
 * the target were "/"), the entry itself is never followed, an existing file is removed before it
 * is replaced, and whiteouts are written by a {@link Whiteouts} strategy. Nothing is written
 * outside the target. Each entry is written by an {@link EntryWriter}; directory times are set
 * last, since writing their children changes them.
 */
public final class LayerApplier {
    private static final int READ_BUFFER = 256 * 1024;

    /**
     * Applies the tar read from {@code tar} (not closed) to {@code target}; {@code sync} fsyncs each
     * file. The stream may be read past the end of the archive (it is buffered here).
     */
    public void apply(InputStream tar, ApplyTarget target, boolean sync) throws IOException {
        // buffered: headers are read 512 bytes at a time, and each read of a decompressor is costly
        new Extraction(target, sync).run(new LayerTarReader(new BufferedInputStream(tar, READ_BUFFER)));
    }

    /** A directory entry's times, kept by name: they are set when the whole layer is written. */
    private record DirectoryTimes(List<String> parts, FileTime modified, FileTime accessed) {}

    /** The state of one application: what was written, and the directory times to set last. */
    private static final class Extraction {
        private final Path root;
        private final List<Path> lowers;
        private final Whiteouts whiteouts;
        private final EntryWriter writer;
        private final EntryNames names;
        private final List<DirectoryTimes> directoryTimes = new ArrayList<>();

        Extraction(ApplyTarget target, boolean sync) throws IOException {
            this.root = target.root();
            this.lowers = target.lowers();
            this.whiteouts = target.overlay() ? new OverlayWhiteouts() : new RemovingWhiteouts(isEmpty(root));
            this.writer = new EntryWriter(root, sync);
            this.names = new EntryNames(root);
        }

        void run(LayerTarReader tar) throws IOException {
            TarEntry entry;
            while ((entry = tar.next()) != null) {
                List<String> parts = names.parts(entry);
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
                writer.write(path, entry, tar.content());
                whiteouts.written(path);
                if (entry.isDirectory()) {
                    directoryTimes.add(new DirectoryTimes(parts, EntryWriter.modified(entry), EntryWriter.accessed(entry)));
                }
            }
            setDirectoryTimes();
        }

        private void setDirectoryTimes() throws IOException {
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

        private void whiteout(Path parent, String base, TarEntry entry) throws IOException {
            if (base.equals(Whiteouts.OPAQUE)) {
                whiteouts.makeOpaque(parent);
                return;
            }
            if (base.startsWith(Whiteouts.PREFIX + Whiteouts.PREFIX)) {
                return; // AUFS bookkeeping such as .wh..wh.plnk, not a whiteout
            }
            String hidden = base.substring(Whiteouts.PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw invalidArgument("invalid whiteout name " + entry.name());
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
                    throw invalidArgument("layer entry under " + root.relativize(dir) + ", which is not a directory");
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

        private static void copyDirectoryInfo(Path from, Path to, BasicFileAttributes attrs) throws IOException {
            Map<String, Object> unix = Files.readAttributes(from, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:uid", unix.get("uid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:gid", unix.get("gid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:mode", (Integer) unix.get("mode") & 07777);
            FileTimes.set(to, attrs.lastModifiedTime(), attrs.lastAccessTime());
        }

        /** An existing path is removed, unless both it and the entry are directories (they merge). */
        private static void replaceExisting(Path path, boolean entryIsDirectory) throws IOException {
            BasicFileAttributes existing = lstat(path);
            if (existing != null && !(existing.isDirectory() && entryIsDirectory)) {
                DurableFiles.deleteTree(path);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    static BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
