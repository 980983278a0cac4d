package dev.berth.common.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The file-system steps that make Berth's writes survive SIGKILL and power loss: fsync, atomic
 * replacement through a temporary sibling, directory fsync, and tree removal that never
 * follows a symlink or crosses into a mount.
 */
public final class DurableFiles {
    /** Suffix of the temporary sibling {@link #replace} writes; a crash may leave one behind. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {}

    /** Creates or overwrites {@code file} with {@code bytes} and fsyncs it. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Replaces {@code target} with {@code bytes} atomically: readers see the old content or the
     * new, never a part. The temporary sibling is {@code <target>.tmp}.
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try {
            write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Replaces {@code target} atomically as {@link #replace} does, without fsync: a reader never sees
     * part of it and a SIGKILL loses nothing (the page cache outlives the process), but a power
     * loss may. Only where that loses nothing that matters, as Docker and containerd write such
     * files: (1) files rebuilt from durable records at every container start (its OCI spec, hosts,
     * resolv.conf, hostname): a power loss stops the container that reads them; (2) files in the
     * runtime state directory (BERTH_STATE, /run/berth: a tmpfs a reboot empties), where fsync
     * writes to no disk or protects what the next boot clears anyway.
     */
    public static void replaceWithoutSync(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** fsync of a directory, so a rename or creation inside it is on disk. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Deletes a file or a directory tree; a symlink is deleted, never its target, and a mount
     * point inside the tree (a bind mount of the same filesystem included) stops the removal
     * rather than deleting what is mounted there. Absent is fine.
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Path real = root.toRealPath();
            for (Path mountPoint : mountPoints()) {
                if (mountPoint.startsWith(real)) {
                    throw new IOException(mountPoint + " is a mount point: refusing to delete what is mounted there");
                }
            }
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Mount points of this process's mount namespace (/proc/self/mountinfo, field 5, octal escapes decoded). */
    public static List<Path> mountPoints() throws IOException {
        List<Path> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
