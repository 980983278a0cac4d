package dev.berth.snapshot.overlay;

import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The snapshot directories under {@code <root>/snapshots}: {@code <id>/fs} (the upper or only
 * layer) and {@code <id>/work} (overlayfs' work dir, active snapshots only). New directories are
 * built under a {@code new-*} name and renamed into place; removed ones are renamed to
 * {@code rm-*} before deletion, so a crash leaves only names no metadata refers to.
 */
public final class SnapshotDirs {
    private final Path snapshots;

    private SnapshotDirs(Path snapshots) {
        this.snapshots = snapshots;
    }

    public static SnapshotDirs create(Path root) throws IOException {
        Path snapshots = root.resolve("snapshots");
        Files.createDirectories(snapshots, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new SnapshotDirs(snapshots.toRealPath());
    }

    public Path dir(long id) {
        return snapshots.resolve(Long.toString(id));
    }

    public Path fs(long id) {
        return dir(id).resolve("fs");
    }

    public Path work(long id) {
        return dir(id).resolve("work");
    }

    /** A fresh {@code new-*} directory with {@code fs} (0755) and, for active snapshots, {@code work} (0711). */
    Path createTemp(boolean withWorkDir) throws IOException {
        Path temp = Files.createTempDirectory(snapshots, "new-");
        try {
            Path fs = Files.createDirectory(temp.resolve("fs"));
            Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (withWorkDir) {
                Path work = Files.createDirectory(temp.resolve("work"));
                Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
            }
            DurableFiles.fsyncDirectory(temp); // fs and work are on disk before metadata names the directory
            return temp;
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteTree(temp);
            throw e;
        }
    }

    /** Renames a temp directory to {@code <id>}, replacing a leftover no metadata refers to. */
    void moveIntoPlace(Path temp, long id) throws IOException {
        Path target = dir(id);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            discard(target);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.fsyncDirectory(snapshots);
    }

    /** Renames a directory out of the way, then deletes it. */
    void discard(Path dir) throws IOException {
        Path doomed = dir;
        if (!dir.getFileName().toString().startsWith("rm-")) {
            doomed = snapshots.resolve("rm-" + dir.getFileName() + "-" + System.nanoTime());
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        }
        DurableFiles.deleteTree(doomed);
    }

    /** Every entry of the snapshots directory, with the id it names or null for temp names. */
    List<Path> entries() throws IOException {
        try (Stream<Path> list = Files.list(snapshots)) {
            return new ArrayList<>(list.toList());
        }
    }

    static Long idOf(Path entry) {
        String name = entry.getFileName().toString();
        return name.matches("[1-9][0-9]{0,18}") ? Long.valueOf(name) : null;
    }
}
