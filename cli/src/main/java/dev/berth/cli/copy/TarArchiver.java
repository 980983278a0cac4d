package dev.berth.cli.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * archive.TarResourceRebase for the local side of docker cp: a tar of one file or directory
 * tree, entries named from its parent ("dir/", "dir/a"), the top name replaced by the rebase
 * name when there is one. Links are archived as links, never followed; sockets are skipped.
 */
public final class TarArchiver {

    private TarArchiver() {
    }

    /**
     * @param sourcePath the absolute local path (a trailing "/." archives a directory's contents as "./...")
     * @param rebaseName the name the top entry takes, or "" to keep its own
     */
    public static void write(String sourcePath, String rebaseName, OutputStream out) throws IOException {
        String[] dirAndBase = GoPath.splitDirEntry(sourcePath);
        Path sourceDir = Path.of(dirAndBase[0]);
        String include = dirAndBase[1];
        Path root = include.equals(".") ? sourceDir : sourceDir.resolve(include);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    add(tar, dir, entryName(sourceDir, dir, include, rebaseName));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    add(tar, file, entryName(sourceDir, file, include, rebaseName));
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
    }

    /** The path relative to the source's parent, "./" kept for a "." source, the top name rebased. */
    static String entryName(Path sourceDir, Path file, String include, String rebaseName) {
        String relative = sourceDir.relativize(file).toString();
        if (relative.isEmpty()) {
            relative = ".";
        }
        if (include.equals(".") && !relative.equals(".")) {
            relative = "./" + relative;
        }
        if (!rebaseName.isEmpty()) {
            String replacement = rebaseName.equals("/") ? "" : rebaseName;
            if (relative.equals(include)) {
                relative = replacement;
            } else if (relative.startsWith(include + "/")) {
                relative = replacement + relative.substring(include.length());
            }
        }
        return relative;
    }

    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        if (attributes.isDirectory()) {
            entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        } else if (attributes.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (attributes.isRegularFile()) {
            entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(attributes.size());
        } else {
            return;
        }
        entry.setMode(mode(file, attributes.permissions()));
        entry.setModTime(attributes.lastModifiedTime().toMillis());
        Map<String, Object> unix = Files.readAttributes(file, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        entry.setUserId(((Number) unix.get("uid")).longValue());
        entry.setGroupId(((Number) unix.get("gid")).longValue());
        tar.putArchiveEntry(entry);
        if (attributes.isRegularFile()) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /** Permission bits plus setuid, setgid and sticky, as Go's tar.FileInfoHeader puts them in the mode. */
    private static int mode(Path file, Set<PosixFilePermission> permissions) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= switch (permission) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        Object full = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode | (((Number) full).intValue() & 07000);
    }
}
