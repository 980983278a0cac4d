package dev.berth.snapshot.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns changes of a tree into layer tar entries, as containerd's archive.ChangeWriter: OCI
 * whiteouts for deletions, each entry's parent directories written before it (taken from the
 * changed tree), hard links by inode (later names link to the first one written, and unchanged
 * names of a changed inode are written as links too), sockets left out.
 *
 * <p>Entries keep uid, gid, mode, device numbers, symlink targets and extended attributes, but
 * not {@code trusted.overlay.*} (overlayfs' own bookkeeping) nor {@code security.selinux} (the
 * host's label, which Docker and containerd never put in a layer either). Times are whole seconds,
 * capped at the source date epoch when one is given; whiteouts have time 0.
 */
final class ChangeWriter {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final LayerTarWriter tar;
    private final Path source;
    private final Instant sourceDateEpoch;
    private final Map<Object, String> firstNames = new HashMap<>();
    private final Map<Object, List<String>> unchangedNames = new HashMap<>();
    private final Set<String> writtenDirectories = new HashSet<>();

    /**
     * @param source          the root of the changed tree, where parent directories are read from
     * @param sourceDateEpoch the latest time written, or null
     */
    ChangeWriter(LayerTarWriter tar, Path source, Instant sourceDateEpoch) {
        this.tar = tar;
        this.source = source;
        this.sourceDateEpoch = sourceDateEpoch;
    }

    /** {@code node} was added or modified. */
    void changed(FileNode node) throws IOException {
        write(node, false);
    }

    /** {@code node} is unchanged; it matters only when it shares its inode with a changed file. */
    void unchanged(FileNode node) throws IOException {
        write(node, true);
    }

    /** {@code path} (relative to the root) was deleted: a {@code .wh.<name>} entry. */
    void deleted(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        String whiteout = path.substring(0, slash + 1) + WHITEOUT_PREFIX + path.substring(slash + 1);
        includeParents(whiteout);
        tar.write(TarHeader.whiteout(whiteout), null);
    }

    /** What lower layers hold under the directory {@code path} is hidden: {@code <path>/.wh..wh..opq}. */
    void opaque(String path) throws IOException {
        String marker = path + "/" + OPAQUE_MARKER;
        includeParents(marker);
        tar.write(TarHeader.whiteout(marker), null);
    }

    /** Ends the tar stream. */
    void finish() throws IOException {
        tar.finish();
    }

    private void write(FileNode node, boolean unchanged) throws IOException {
        if (node.isSocket() || (node.isDirectory() && writtenDirectories.contains(node.path()))
                || (unchanged && !node.isHardLinked())) {
            return;
        }
        List<String> laterNames = List.of();
        String first = node.isHardLinked() ? firstNames.get(node.inode()) : null;
        if (node.isHardLinked() && first == null) {
            if (unchanged) {
                unchangedNames.computeIfAbsent(node.inode(), inode -> new ArrayList<>()).add(node.path());
                return;
            }
            firstNames.put(node.inode(), node.path());
            laterNames = unchangedNames.getOrDefault(node.inode(), List.of());
            unchangedNames.remove(node.inode());
        }
        TarHeader header = first != null ? linkHeader(node, first) : header(node);
        includeParents(node.path());
        if (node.isDirectory()) {
            writtenDirectories.add(node.path());
        }
        if (header.type() == TarHeader.REGULAR && header.size() > 0) {
            try (InputStream content = node.openContent()) {
                tar.write(header, content);
            }
        } else {
            tar.write(header, null);
        }
        for (String name : laterNames) {
            includeParents(name);
            tar.write(header.hardLinkNamed(name), null);
        }
    }

    /** A later name of an inode already written: a hard link to the first name. */
    private TarHeader linkHeader(FileNode node, String first) {
        return new TarHeader(node.path(), TarHeader.HARD_LINK, node.permissions(), Integer.toUnsignedLong(node.uid()),
                Integer.toUnsignedLong(node.gid()), 0, mtime(node), first, 0, 0, new TreeMap<>());
    }

    /** Writes the directories above {@code path} that no entry wrote yet, from the changed tree. */
    private void includeParents(String path) throws IOException {
        String name = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String parent = name.substring(0, slash);
        if (writtenDirectories.contains(parent)) {
            return;
        }
        FileNode dir = FileNode.lstat(source, parent);
        if (dir == null || !dir.isDirectory()) {
            throw new IOException(source.resolve(parent) + " is no longer a directory: the tree changed while it was read");
        }
        write(dir, false);
    }

    private TarHeader header(FileNode node) throws IOException {
        byte type;
        String linkName = "";
        if (node.isDirectory()) {
            type = TarHeader.DIRECTORY;
        } else if (node.isRegularFile()) {
            type = TarHeader.REGULAR;
        } else if (node.isSymlink()) {
            type = TarHeader.SYMLINK;
            linkName = node.linkTarget();
        } else if (node.isCharDevice()) {
            type = TarHeader.CHAR_DEVICE;
        } else if (node.isBlockDevice()) {
            type = TarHeader.BLOCK_DEVICE;
        } else if (node.isFifo()) {
            type = TarHeader.FIFO;
        } else {
            throw new IOException("cannot put " + node.file() + " in a layer: unknown file type " + Integer.toOctalString(node.mode()));
        }
        boolean device = type == TarHeader.CHAR_DEVICE || type == TarHeader.BLOCK_DEVICE;
        return new TarHeader(node.isDirectory() ? node.path() + "/" : node.path(), type, node.permissions(),
                Integer.toUnsignedLong(node.uid()), Integer.toUnsignedLong(node.gid()),
                type == TarHeader.REGULAR ? node.size() : 0, mtime(node), linkName,
                device ? node.devMajor() : 0, device ? node.devMinor() : 0, layerXattrs(node));
    }

    private long mtime(FileNode node) {
        Instant modified = node.modifiedTime().toInstant();
        if (sourceDateEpoch != null && modified.isAfter(sourceDateEpoch)) {
            modified = sourceDateEpoch;
        }
        return modified.getEpochSecond();
    }

    private static SortedMap<String, byte[]> layerXattrs(FileNode node) {
        SortedMap<String, byte[]> kept = new TreeMap<>();
        node.xattrs().forEach((name, value) -> {
            if (!name.startsWith("trusted.overlay.") && !name.equals("security.selinux")) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
