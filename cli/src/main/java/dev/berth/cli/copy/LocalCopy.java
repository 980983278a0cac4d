package dev.berth.cli.copy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The local side of docker cp's decisions (archive.CopyInfo and friends): what a path is,
 * following a destination's links, and where an archive goes given source and destination.
 */
public final class LocalCopy {
    private static final int MAX_LINKS = 10;

    private LocalCopy() {
    }

    /** archive.CopyInfo: a path, whether it exists and is a directory, and the name its top entry takes. */
    public record Info(String path, boolean exists, boolean isDir, String rebaseName) {
    }

    /**
     * Where an archive whose top entry is {@code oldBase} goes: into {@code dir}, the top entry
     * renamed {@code top} (null: kept as the archive names it).
     */
    public record Placement(String dir, String oldBase, String top) {
    }

    /** archive.CopyInfoDestinationPath: the destination with its links followed; a missing one needs its parent directory. */
    public static Info destination(String path) throws IOException {
        String current = path;
        for (int links = 0; ; links++) {
            Path p = Path.of(current);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                String parent = GoPath.splitDirEntry(current)[0];
                if (!Files.exists(Path.of(parent))) {
                    throw new IOException("stat " + parent + ": no such file or directory");
                }
                if (!Files.isDirectory(Path.of(parent))) {
                    throw new IOException("not a directory");
                }
                return new Info(current, false, false, "");
            }
            if (!Files.isSymbolicLink(p)) {
                return new Info(current, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), "");
            }
            if (links >= MAX_LINKS) {
                throw new IOException("too many symlinks in " + path);
            }
            String target = Files.readSymbolicLink(p).toString();
            current = target.startsWith("/") ? target : GoPath.join(GoPath.splitDirEntry(current)[0], target);
        }
    }

    /** archive.CopyInfoSourcePath: the source with its parent's links resolved (and its own with -L). */
    public static Info source(String path, boolean followLink) throws IOException {
        String resolved;
        String rebaseName = "";
        if (followLink) {
            resolved = realPath(path);
            String[] rebased = rebaseName(path, resolved);
            resolved = rebased[0];
            rebaseName = rebased[1];
        } else {
            int slash = path.lastIndexOf('/');
            String dir = path.substring(0, slash + 1);
            String base = path.substring(slash + 1);
            resolved = realPath(dir.isEmpty() ? "." : dir) + "/" + base;
            if (GoPath.hasTrailingSeparator(path) && !GoPath.base(path).equals(GoPath.base(resolved))) {
                rebaseName = GoPath.base(path);
            }
        }
        Path p = Path.of(resolved);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("lstat " + GoPath.clean(resolved) + ": no such file or directory");
        }
        return new Info(resolved, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), rebaseName);
    }

    /** archive.GetRebaseName: keeps "/." and "/" of the path on the resolved one; the name to restore if they differ. */
    public static String[] rebaseName(String path, String resolvedPath) {
        String resolved = resolvedPath;
        if (GoPath.specifiesCurrentDir(path) && !GoPath.specifiesCurrentDir(resolved)) {
            resolved += "/.";
        }
        if (GoPath.hasTrailingSeparator(path) && !GoPath.hasTrailingSeparator(resolved)) {
            resolved += "/";
        }
        String rebase = GoPath.base(path).equals(GoPath.base(resolved)) ? "" : GoPath.base(path);
        return new String[] {resolved, rebase};
    }

    /**
     * archive.PrepareArchiveCopy: into an existing directory as is; otherwise into the
     * destination's parent with the top entry renamed to the destination's name.
     */
    public static Placement place(Info source, Info destination) throws IOException {
        String[] dst = GoPath.splitDirEntry(destination.path());
        String srcBase = GoPath.splitDirEntry(source.path())[1];
        if (destination.exists() && destination.isDir()) {
            return new Placement(destination.path(), srcBase, source.rebaseName().isEmpty() ? null : source.rebaseName());
        }
        if (destination.exists() && source.isDir()) {
            throw new IOException("cannot copy directory");
        }
        if (!destination.exists() && !source.isDir() && GoPath.assertsDirectory(destination.path())) {
            throw new IOException("no such directory");
        }
        return new Placement(dst[0], srcBase, dst[1]);
    }

    private static String realPath(String path) throws IOException {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (NoSuchFileException e) {
            throw new IOException("lstat " + GoPath.clean(e.getFile()) + ": no such file or directory");
        }
    }
}
