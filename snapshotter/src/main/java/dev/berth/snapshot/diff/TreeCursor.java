package dev.berth.snapshot.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks a directory tree depth first as Go's filepath.Walk does: a directory before its
 * contents, the names of each directory sorted by their bytes. This is the order containerd's
 * diff writes layers in, and the order its double walk compares two trees in.
 *
 * <p>The walk never leaves the tree: each directory is opened relative to its open parent
 * without following symlinks ({@link SecureDirectoryStream}), and an entry's attributes, read by
 * path, are used only if they are those of the inode the open directory holds under that name;
 * a tree changed under the walk that way fails it. Entries that vanish while walking are skipped.
 */
final class TreeCursor implements AutoCloseable {
    /** Go compares strings by their bytes; so do directory names here. */
    static final Comparator<String> NAME_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final Deque<Frame> frames = new ArrayDeque<>();
    private FileNode lastDirectory;

    /** An open directory being walked: its names in order and how many were returned. */
    private static final class Frame {
        final String path;
        final Path dir;
        final SecureDirectoryStream<Path> stream;
        final List<String> names;
        int next;

        Frame(String path, Path dir, SecureDirectoryStream<Path> stream, List<String> names) {
            this.path = path;
            this.dir = dir;
            this.stream = stream;
            this.names = names;
        }
    }

    private TreeCursor() {}

    /** A cursor over everything under {@code root} (not {@code root} itself). */
    static TreeCursor open(Path root) throws IOException {
        TreeCursor cursor = new TreeCursor();
        cursor.push("", root, Files.newDirectoryStream(root));
        return cursor;
    }

    /**
     * The next file, or null at the end. A node's content can be read until the next call (which
     * may close its directory); its attributes stay valid.
     */
    FileNode next() throws IOException {
        if (lastDirectory != null) {
            FileNode dir = lastDirectory;
            lastDirectory = null;
            Frame parent = frames.peek();
            try {
                push(dir.path(), dir.file(), parent.stream.newDirectoryStream(Path.of(dir.baseName()), LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException | NotDirectoryException e) {
                // removed or replaced since it was listed: nothing under it to walk
            }
        }
        while (!frames.isEmpty()) {
            Frame top = frames.peek();
            if (top.next == top.names.size()) {
                frames.pop().stream.close();
                continue;
            }
            String name = top.names.get(top.next++);
            FileNode node = stat(top, name);
            if (node != null) {
                if (node.isDirectory()) {
                    lastDirectory = node;
                }
                return node;
            }
        }
        return null;
    }

    /** The directory just returned by {@link #next()} is not walked into. */
    void skipChildren() {
        lastDirectory = null;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        while (!frames.isEmpty()) {
            try {
                frames.pop().stream.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void push(String path, Path dir, DirectoryStream<Path> opened) throws IOException {
        if (!(opened instanceof SecureDirectoryStream<Path> stream)) {
            opened.close();
            throw new IOException("cannot walk " + dir + " safely: no SecureDirectoryStream on this platform");
        }
        List<String> names = new ArrayList<>();
        try {
            for (Path entry : stream) {
                names.add(entry.getFileName().toString());
            }
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        names.sort(NAME_ORDER);
        frames.push(new Frame(path, dir, stream, names));
    }

    private static FileNode stat(Frame frame, String name) throws IOException {
        Path file = frame.dir.resolve(name);
        Map<String, Object> attributes;
        BasicFileAttributes held;
        try {
            attributes = Files.readAttributes(file, FileNode.ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            held = frame.stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!Objects.equals(held.fileKey(), attributes.get("fileKey"))) {
            throw new IOException(file + " changed while the tree was being read");
        }
        String path = frame.path.isEmpty() ? name : frame.path + "/" + name;
        return new FileNode(path, file, attributes, frame.stream);
    }
}
