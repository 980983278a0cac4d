package dev.berth.snapshot.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The general path, containerd's fs.Changes: walks two trees side by side in the same order and
 * reports what the upper one adds, modifies and deletes. A deleted directory is one deletion
 * (what was under it is not walked); an opaque directory is not special, each name it hides is a
 * deletion. Files are the same when they are the same inode, or when type, mode, owner, device,
 * capabilities, size and modification time agree (the content is compared only when both times
 * lack sub-second parts, which archives truncate). Directory times are not compared.
 */
final class DoubleWalkDiff {
    private static final int CHUNK = 32 * 1024;

    private DoubleWalkDiff() {}

    /** Writes the changes from {@code lower} (null: an empty tree) to {@code upper}. */
    static void write(Path lower, Path upper, ChangeWriter changes) throws IOException {
        if (lower == null) {
            try (TreeCursor added = TreeCursor.open(upper)) {
                for (FileNode node = added.next(); node != null; node = added.next()) {
                    changes.changed(node);
                }
            }
            return;
        }
        try (TreeCursor before = TreeCursor.open(lower); TreeCursor after = TreeCursor.open(upper)) {
            compare(before, after, changes);
        }
    }

    private static void compare(TreeCursor before, TreeCursor after, ChangeWriter changes) throws IOException {
        FileNode f1 = before.next();
        FileNode f2 = after.next();
        while (f1 != null || f2 != null) {
            int order = f1 == null ? 1 : f2 == null ? -1 : comparePaths(f1.path(), f2.path());
            if (order > 0) {
                changes.changed(f2);
                f2 = after.next();
            } else if (order < 0) {
                changes.deleted(f1.path());
                before.skipChildren();
                f1 = before.next();
            } else {
                if (f1.isDirectory() && !f2.isDirectory()) {
                    before.skipChildren(); // replaced by a file: what was under it goes with it
                }
                if (!sameFile(f1, f2)) {
                    changes.changed(f2);
                } else {
                    changes.unchanged(f2);
                }
                f1 = before.next();
                f2 = after.next();
            }
        }
    }

    /** containerd's directoryCompare: byte order with '/' lowest, so a directory's contents come right after it. */
    static int comparePaths(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c1 = x[i] == '/' ? 0 : x[i] & 0xff;
            int c2 = y[i] == '/' ? 0 : y[i] & 0xff;
            if (c1 != c2) {
                return Integer.compare(c1, c2);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** containerd's sameFile. */
    static boolean sameFile(FileNode f1, FileNode f2) throws IOException {
        if (Objects.equals(f1.inode(), f2.inode())) {
            return true;
        }
        if (f1.mode() != f2.mode() || f1.uid() != f2.uid() || f1.gid() != f2.gid() || f1.rdev() != f2.rdev()) {
            return false;
        }
        if (!Arrays.equals(f1.xattr("security.capability"), f2.xattr("security.capability"))) {
            return false;
        }
        if (f1.isDirectory()) {
            return true;
        }
        if (f1.size() != f2.size()) {
            return false;
        }
        Instant t1 = f1.modifiedTime().toInstant();
        Instant t2 = f2.modifiedTime().toInstant();
        if (t1.getEpochSecond() != t2.getEpochSecond()) {
            return false;
        }
        if (t1.getNano() == 0 && t2.getNano() == 0) {
            if (f1.isSymlink()) {
                return f1.linkTarget().equals(f2.linkTarget());
            }
            return !f1.isRegularFile() || f1.size() == 0 || sameContent(f1, f2);
        }
        return t1.getNano() == t2.getNano();
    }

    private static boolean sameContent(FileNode f1, FileNode f2) throws IOException {
        try (InputStream a = f1.openContent(); InputStream b = f2.openContent()) {
            byte[] x = new byte[CHUNK];
            byte[] y = new byte[CHUNK];
            while (true) {
                int n = a.readNBytes(x, 0, CHUNK);
                int m = b.readNBytes(y, 0, CHUNK);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n < CHUNK) {
                    return true;
                }
            }
        }
    }
}
