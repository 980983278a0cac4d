package dev.berth.cli.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Extracts a tar the daemon sent into a local directory as docker's archive.Untar does (no
 * chown, existing directories never replaced by files nor files by directories), renaming its
 * top entry on the way as archive.RebaseArchiveEntries would. Nothing in the archive can write
 * outside the destination: names that are absolute or climb out with "..", names beside the
 * one top entry expected, symbolic links pointing out, and writes through a symbolic link
 * that leads out are all refused.
 */
public final class TarExtractor {
    private final Path root;
    private final String oldBase;
    private final String newTop;
    private final String expectedTop;

    /**
     * @param root the directory to extract into (must exist)
     * @param oldBase the archive's top entry name ("." when it holds a directory's contents)
     * @param newTop the name the top entry takes, or null to keep it
     */
    public TarExtractor(Path root, String oldBase, String newTop) {
        this.root = root.toAbsolutePath().normalize();
        this.oldBase = oldBase;
        this.newTop = newTop;
        String top = newTop != null ? newTop : oldBase;
        this.expectedTop = top.equals(".") || top.equals("/") || top.isEmpty() ? null : top;
    }

    /** The entry name with a leading oldBase element replaced by newTop. */
    String rename(String name) {
        if (newTop == null || oldBase.equals(newTop)) {
            return name;
        }
        if (oldBase.equals("/") || oldBase.isEmpty()) {
            return name.isEmpty() ? newTop : newTop + "/" + name;
        }
        if (name.equals(oldBase) || name.startsWith(oldBase + "/")) {
            return newTop + name.substring(oldBase.length());
        }
        return name;
    }

    /** Thrown for an entry that would land outside the destination. */
    public static final class BreakoutException extends IOException {
        BreakoutException(String message) {
            super(message);
        }
    }

    public void extract(InputStream archive) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(archive, "UTF-8");
        List<Path> directories = new ArrayList<>();
        List<TarArchiveEntry> directoryEntries = new ArrayList<>();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (entry.isGlobalPaxHeader()) {
                continue;
            }
            String original = rename(entry.getName());
            Path path = checkedPath(original, GoPath.clean(original));
            if (path == null) {
                continue;
            }
            createParents(path, original);
            prepare(path, entry);
            if (create(path, entry, tar)) {
                if (entry.isDirectory()) {
                    directories.add(path);
                    directoryEntries.add(entry);
                } else {
                    finish(path, entry);
                }
            }
        }
        // directories last: a read-only mode must not stop their contents, and writing them moves their times
        for (int i = directories.size() - 1; i >= 0; i--) {
            finish(directories.get(i), directoryEntries.get(i));
        }
    }

    /** The entry's target, or null for "." (the root itself); refuses names that leave the destination. */
    private Path checkedPath(String original, String name) throws IOException {
        if (original.startsWith("/") || name.equals("..") || name.startsWith("../")) {
            throw new BreakoutException("\"" + original + "\" is outside of \"" + root + "\"");
        }
        if (name.equals(".")) {
            return null;
        }
        String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        if (expectedTop != null && !top.equals(expectedTop)) {
            throw new BreakoutException("\"" + original + "\" is outside of \"" + root.resolve(expectedTop) + "\"");
        }
        return resolve(name);
    }

    private Path resolve(String cleanName) {
        return cleanName.equals(".") ? root : root.resolve(cleanName);
    }

    /** Creates missing parent directories (0755) without ever passing through a link that leads out. */
    private void createParents(Path path, String original) throws IOException {
        walkParents(path, original, true);
    }

    private void walkParents(Path path, String original, boolean create) throws IOException {
        Path current = root;
        for (Path element : root.relativize(path.getParent() == null ? root : path.getParent())) {
            if (element.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(element);
            if (Files.isSymbolicLink(current)) {
                Path target = current.toRealPath();
                if (!target.startsWith(root.toRealPath())) {
                    throw new BreakoutException("\"" + original + "\" is outside of \"" + root + "\": "
                            + root.relativize(current) + " is a symbolic link");
                }
            } else if (create && !Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                Files.setPosixFilePermissions(current, permissions(0755));
            }
        }
    }

    /** Clears the way as Untar with NoOverwriteDirNonDir: an existing file (or link) is replaced, a directory kept. */
    private void prepare(Path path, TarArchiveEntry entry) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean existingDir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (existingDir && !entry.isDirectory()) {
            throw new IOException("cannot overwrite directory \"" + path + "\" with non-directory \"" + root + "\"");
        }
        if (!existingDir && entry.isDirectory()) {
            throw new IOException("cannot overwrite non-directory \"" + path + "\" with directory \"" + root + "\"");
        }
        if (!existingDir) {
            Files.delete(path);
        }
    }

    /** @return false when the entry type is one the CLI does not create (devices, fifos) */
    private boolean create(Path path, TarArchiveEntry entry, InputStream content) throws IOException {
        if (entry.isDirectory()) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(path);
            }
            return true;
        }
        if (entry.isSymbolicLink()) {
            String link = entry.getLinkName();
            String target = GoPath.join(GoPath.dir(path.toString()), link);
            if (!link.startsWith("/") && !Path.of(target).normalize().startsWith(root)) {
                throw new BreakoutException("invalid symlink \"" + path + "\" -> \"" + link + "\"");
            }
            Files.createSymbolicLink(path, Path.of(link));
            return true;
        }
        if (entry.isLink()) {
            String link = GoPath.clean(rename(entry.getLinkName()));
            if (link.startsWith("/") || link.equals("..") || link.startsWith("../")) {
                throw new BreakoutException("invalid hardlink \"" + root.resolve(link) + "\" -> \"" + entry.getLinkName() + "\"");
            }
            Path target = resolve(link);
            walkParents(target, entry.getLinkName(), false);
            Files.createLink(path, target);
            return true;
        }
        if (entry.isFile()) {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                content.transferTo(out);
            }
            return true;
        }
        return false;
    }

    /** Mode and times from the header; links keep their own. */
    private static void finish(Path path, TarArchiveEntry entry) throws IOException {
        if (entry.isSymbolicLink() || Files.isSymbolicLink(path)) {
            return;
        }
        if (!entry.isLink()) {
            Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
        Files.setLastModifiedTime(path, FileTime.fromMillis(entry.getModTime().getTime()));
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
}
