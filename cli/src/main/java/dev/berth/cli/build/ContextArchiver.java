package dev.berth.cli.build;

import dev.berth.dockerfile.ignore.IgnoreMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * go-archive's TarWithOptions as docker's build client calls it: the context directory's tree in
 * lexical order, names relative to it ("dir/", "dir/file"), the root itself left out, excluded
 * paths skipped (an excluded directory is still entered when a '!' pattern may re-include
 * something under it), owners forced to 0:0, mtimes to whole seconds, no user or group names,
 * a second name of a hard-linked file sent as a link to the first. Sockets are skipped, and so
 * is anything that fails to be read, as docker logs and skips it.
 */
public final class ContextArchiver {
    private final Path root;
    private final IgnoreMatcher excludes;
    private final boolean ownedByRoot;
    private final Map<Object, String> seenInodes = new HashMap<>();

    private ContextArchiver(Path root, IgnoreMatcher excludes, boolean ownedByRoot) {
        this.root = root;
        this.excludes = excludes;
        this.ownedByRoot = ownedByRoot;
    }

    /**
     * @param ownedByRoot docker's ChownOpts{0, 0}, which it sets for a context directory (not for
     *                    the temporary one holding a Dockerfile read from stdin)
     */
    public static void write(Path root, IgnoreMatcher excludes, boolean ownedByRoot, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        new ContextArchiver(root, excludes, ownedByRoot).walk(root, tar);
        tar.finish();
        tar.flush();
    }

    private void walk(Path directory, TarArchiveOutputStream tar) throws IOException {
        List<Path> children;
        try {
            children = ContextWalk.sortedChildren(directory);
        } catch (IOException e) {
            return; // logged and skipped by docker
        }
        for (Path child : children) {
            String name = root.relativize(child).toString();
            boolean directoryEntry = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            switch (excludes.decide(name, directoryEntry)) {
                case INCLUDE -> {
                    add(tar, child, name);
                    if (directoryEntry) {
                        walk(child, tar);
                    }
                }
                case EXCLUDE_BUT_DESCEND -> walk(child, tar);
                case EXCLUDE, SKIP_DIRECTORY -> {
                    // not sent
                }
            }
        }
    }

    private void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, "unix:mode,uid,gid,nlink,ino,dev,rdev,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return;
        }
        int mode = ((Number) unix.get("mode")).intValue();
        int type = mode & ContextWalk.S_IFMT;
        TarArchiveEntry entry = switch (type) {
            case 0040000 -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            case 0120000 -> {
                TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                link.setLinkName(Files.readSymbolicLink(file).toString());
                yield link;
            }
            case 0100000 -> regularOrHardLink(name, unix);
            case ContextWalk.S_IFIFO -> new TarArchiveEntry(name, TarConstants.LF_FIFO);
            case ContextWalk.S_IFCHR, ContextWalk.S_IFBLK -> device(name, type, ((Number) unix.get("rdev")).longValue());
            default -> null; // sockets: "archive/tar: sockets not supported", skipped
        };
        if (entry == null) {
            return;
        }
        entry.setMode(mode & 07777);
        entry.setModTime(FileTime.from(((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        entry.setUserName("");
        entry.setGroupName("");
        entry.setUserId(ownedByRoot ? 0 : ((Number) unix.get("uid")).longValue());
        entry.setGroupId(ownedByRoot ? 0 : ((Number) unix.get("gid")).longValue());
        if (type != 0100000 || entry.isLink() || entry.getSize() == 0) {
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return;
        }
        InputStream in;
        try {
            in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // docker logs "Can't add file" and goes on
        }
        try (in) {
            tar.putArchiveEntry(entry);
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    /** The first name of an inode with several links carries the data; later names point at it. */
    private TarArchiveEntry regularOrHardLink(String name, Map<String, Object> unix) {
        if (((Number) unix.get("nlink")).longValue() > 1) {
            Object inode = unix.get("ino");
            String first = seenInodes.get(inode);
            if (first != null) {
                TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK);
                link.setLinkName(first);
                return link;
            }
            seenInodes.put(inode, name);
        }
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setSize(((Number) unix.get("size")).longValue());
        return entry;
    }

    /** Linux's dev_t split into major and minor numbers, as Go's unix.Major and unix.Minor do. */
    private static TarArchiveEntry device(String name, int type, long rdev) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type == ContextWalk.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
        entry.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
        entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
        return entry;
    }
}
