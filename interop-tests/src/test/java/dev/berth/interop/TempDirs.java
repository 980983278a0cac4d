package dev.berth.interop;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A short temporary directory per test class (unix socket paths must fit in 107 bytes), removed
 * after everything under it is unmounted. Removal never follows symbolic links nor crosses into a
 * mount that could not be removed.
 */
final class TempDirs {
    private TempDirs() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    /**
     * {@code /tmp/<prefix><8 hex digits>}, mode 0700: shorter than {@link #create}'s, for a state
     * directory under which another program makes sockets of its own, deeper (berthd's shims).
     */
    static Path createShort(String prefix) throws IOException {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path dir = Path.of("/tmp", prefix + HexFormat.of().toHexDigits(random.nextInt()));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    static void remove(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        Mounts.unmountAll(dir);
        if (!Mounts.under(dir).isEmpty()) {
            throw new IOException("still mounted under " + dir + ": " + Mounts.under(dir));
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
