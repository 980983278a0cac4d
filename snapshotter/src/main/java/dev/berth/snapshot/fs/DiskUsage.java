package dev.berth.snapshot.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Disk usage of a snapshot's tree, as containerd's fs.DiskUsage reports it. */
public final class DiskUsage {
    private DiskUsage() {}

    /** Size in bytes and number of inodes of a tree, each hard-linked inode counted once. */
    public record Usage(long size, long inodes) {}

    /** Walks a tree, as containerd's fs.DiskUsage does, but with apparent sizes (the JDK has no st_blocks). */
    public static Usage usage(Path root) throws IOException {
        Set<Object> inodes = new HashSet<>();
        long[] size = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                count(attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                count(attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            private void count(BasicFileAttributes attrs) {
                Object inode = attrs.fileKey() != null ? attrs.fileKey() : new Object();
                if (inodes.add(inode)) {
                    size[0] += attrs.size();
                }
            }
        });
        return new Usage(size[0], inodes.size());
    }
}
