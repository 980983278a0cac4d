package dev.berth.snapshot.diff;

import dev.berth.snapshot.fs.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * A file met while walking a tree: its name relative to the tree's root and its lstat. Nothing
 * here follows a symlink. A node from a {@link TreeCursor} opens its content relative to its
 * open parent directory, so it is readable only until the cursor moves on.
 */
final class FileNode {
    static final String ATTRIBUTES = "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime,fileKey";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private final String path;
    private final Path file;
    private final Map<String, Object> attributes;
    private final SecureDirectoryStream<Path> parentDirectory;
    private SortedMap<String, byte[]> xattrs;

    FileNode(String path, Path file, Map<String, Object> attributes, SecureDirectoryStream<Path> parentDirectory) {
        this.path = path;
        this.file = file;
        this.attributes = attributes;
        this.parentDirectory = parentDirectory;
    }

    /** The node of {@code relative} under {@code root} by its path, or null when there is none. */
    static FileNode lstat(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        try {
            return new FileNode(relative, file, Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS), null);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The name relative to the tree's root, '/'-separated, without a leading or trailing '/'. */
    String path() {
        return path;
    }

    /** The name of the directory holding this one, relative to the root; "" at the top. */
    String parentPath() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    String baseName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    Path file() {
        return file;
    }

    int mode() {
        return (Integer) attributes.get("mode");
    }

    int permissions() {
        return mode() & 07777;
    }

    private int type() {
        return mode() & S_IFMT;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    boolean isRegularFile() {
        return type() == S_IFREG;
    }

    boolean isSymlink() {
        return type() == S_IFLNK;
    }

    boolean isCharDevice() {
        return type() == S_IFCHR;
    }

    boolean isBlockDevice() {
        return type() == S_IFBLK;
    }

    boolean isFifo() {
        return type() == S_IFIFO;
    }

    boolean isSocket() {
        return type() == S_IFSOCK;
    }

    /** overlayfs' whiteout: a character device numbered 0/0. */
    boolean isOverlayWhiteout() {
        return isCharDevice() && rdev() == 0;
    }

    int uid() {
        return (Integer) attributes.get("uid");
    }

    int gid() {
        return (Integer) attributes.get("gid");
    }

    long size() {
        return (Long) attributes.get("size");
    }

    long nlink() {
        return ((Number) attributes.get("nlink")).longValue();
    }

    long rdev() {
        return (Long) attributes.get("rdev");
    }

    /** glibc's major(): the device number's major part. */
    int devMajor() {
        long rdev = rdev();
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    /** glibc's minor(). */
    int devMinor() {
        long rdev = rdev();
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    FileTime modifiedTime() {
        return (FileTime) attributes.get("lastModifiedTime");
    }

    /** Identifies the inode (device and inode number), for hard links and "same file" checks. */
    Object inode() {
        return attributes.get("fileKey");
    }

    /** A hard-linked non-directory: more names share its inode. */
    boolean isHardLinked() {
        return !isDirectory() && nlink() > 1;
    }

    String linkTarget() throws IOException {
        return Files.readSymbolicLink(file).toString();
    }

    /** All extended attributes, read once. */
    SortedMap<String, byte[]> xattrs() {
        if (xattrs == null) {
            xattrs = Xattrs.all(file);
        }
        return xattrs;
    }

    /** One extended attribute, or null. */
    byte[] xattr(String name) {
        return xattrs != null ? xattrs.get(name) : Xattrs.get(file, name);
    }

    /** Opens a regular file's content without following a symlink, relative to the open parent when there is one. */
    InputStream openContent() throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        if (parentDirectory != null) {
            return Channels.newInputStream(parentDirectory.newByteChannel(Path.of(baseName()), options));
        }
        return Channels.newInputStream(FileChannel.open(file, options));
    }

    @Override
    public String toString() {
        return path;
    }
}
