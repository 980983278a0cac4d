package dev.berth.gateway.build;

import dev.berth.dockerfile.ignore.GoPath;
import dev.berth.gateway.image.ArchiveStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an untrusted tar (a build context, an ADD archive read for its listing) into a directory
 * without ever writing outside it: names are cleaned, a name that climbs out ("../x") is refused, an
 * absolute one is taken relative to the directory, nothing is written through a symbolic link (a
 * parent that is one refuses the entry), a hard link must point inside. Devices and fifos are skipped.
 */
public final class ContextArchive {
    private ContextArchive() {}

    /** Whether the stream is a tar archive, compressed or not (moby's isArchivePath: its first header reads). */
    public static boolean isArchive(Path file) {
        try (InputStream in = ArchiveStreams.decompressed(Files.newInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A refused entry; the message says which and why. */
    public static final class UnsafeEntryException extends IOException {
        UnsafeEntryException(String message) {
            super(message);
        }
    }

    /** Extracts {@code tar} (already decompressed) under {@code root}, which must exist. */
    public static void extract(InputStream tar, Path root) throws IOException {
        extract(tar, root, false);
    }

    /** As {@link #extract(InputStream, Path)}; with {@code owners}, files get the uid and gid of their entries. */
    public static void extract(InputStream tar, Path root, boolean owners) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        List<TarArchiveEntry> directories = new ArrayList<>();
        List<Path> directoryPaths = new ArrayList<>();
        for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
            String relative = relativeName(entry.getName());
            if (relative == null) {
                continue;
            }
            Path target = root.resolve(relative);
            ensureParents(root, relative);
            if (entry.isDirectory()) {
                if (Files.isSymbolicLink(target) || (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
                    Files.delete(target);
                }
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(target);
                }
                directories.add(entry);
                directoryPaths.add(target);
            } else if (entry.isSymbolicLink()) {
                removeExisting(target);
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                if (owners) {
                    chown(target, entry);
                }
            } else if (entry.isLink()) {
                String linked = relativeName(entry.getLinkName());
                if (linked == null) {
                    throw new UnsafeEntryException("invalid hard link " + entry.getName() + " -> " + entry.getLinkName());
                }
                Path existing = root.resolve(linked);
                ensureParents(root, linked);
                if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UnsafeEntryException("hard link " + entry.getName() + " points at " + entry.getLinkName()
                            + ", which is not in the archive before it");
                }
                removeExisting(target);
                Files.createLink(target, existing);
            } else if (entry.isFile()) {
                removeExisting(target);
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    in.transferTo(out);
                }
                if (owners) {
                    chown(target, entry);
                }
                applyMetadata(target, entry);
            }
            // devices, fifos and the like have no place in a build context
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            if (owners) {
                chown(directoryPaths.get(i), directories.get(i));
            }
            applyMetadata(directoryPaths.get(i), directories.get(i));
        }
    }

    /**
     * The entry's name cleaned and relative to the root: null for the root itself; absolute names are
     * re-rooted; a name that climbs out of the root is refused, as Docker's untar refuses a breakout.
     */
    static String relativeName(String name) throws UnsafeEntryException {
        String cleaned = GoPath.clean(name.replace('\\', '/'));
        while (cleaned.startsWith("/")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.isEmpty() || cleaned.equals(".")) {
            return null;
        }
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw new UnsafeEntryException("invalid build context: " + dev.berth.dockerfile.syntax.GoText.quote(name)
                    + " is outside of the context directory");
        }
        return cleaned;
    }

    /** Creates missing parent directories; a parent that is a symbolic link or a file refuses the entry. */
    private static void ensureParents(Path root, String relative) throws IOException {
        String[] parts = relative.split("/");
        Path current = root;
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeEntryException("invalid build context: " + relative + " lies behind the symbolic link "
                        + root.relativize(current));
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current);
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile: checked again below
                }
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeEntryException("invalid build context: " + relative + " lies under the file "
                        + root.relativize(current));
            }
        }
    }

    private static void removeExisting(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static void chown(Path target, TarArchiveEntry entry) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }

    private static void applyMetadata(Path target, TarArchiveEntry entry) throws IOException {
        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        if (entry.getLastModifiedDate() != null) {
            Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedDate().toInstant()));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** Removes a tree without following symbolic links. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(root)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(root);
    }
}
