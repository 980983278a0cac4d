package dev.berth.snapshot.diff;

import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshotter's own scratch directory for Diff, {@code <root>/diff}: layer blobs being
 * written ({@code layer-*}) and the mount points of trees being compared ({@code mnt-*}). What a
 * crash left there is removed when it is opened; a mount point is unmounted and removed with
 * rmdir only, so a tree still mounted on it is never deleted.
 */
public final class ScratchSpace {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchSpace.class);
    private static final String LAYER_PREFIX = "layer-";
    private static final String MOUNT_PREFIX = "mnt-";

    private final Path dir;

    private ScratchSpace(Path dir) {
        this.dir = dir;
    }

    public static ScratchSpace open(Path root) throws IOException {
        Path dir = root.resolve("diff");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ScratchSpace scratch = new ScratchSpace(dir.toRealPath());
        scratch.removeLeftovers();
        return scratch;
    }

    public Path dir() {
        return dir;
    }

    /** A new empty file (mode 0600) for a layer blob. */
    Path newLayerFile() throws IOException {
        return Files.createTempFile(dir, LAYER_PREFIX, ".blob");
    }

    /** A new empty directory (mode 0700) to mount a tree on. */
    Path newMountPoint() throws IOException {
        return Files.createTempDirectory(dir, MOUNT_PREFIX);
    }

    private void removeLeftovers() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            try {
                if (name.startsWith(MOUNT_PREFIX)) {
                    unmountQuietly(entry);
                    Files.deleteIfExists(entry);
                    LOG.info("removed leftover mount point {}", entry);
                } else if (name.startsWith(LAYER_PREFIX)) {
                    Files.deleteIfExists(entry);
                    LOG.info("removed leftover layer file {}", entry);
                }
            } catch (DirectoryNotEmptyException e) {
                LOG.warn("cannot remove leftover mount point {}: it is not empty (still mounted?)", entry);
            }
        }
    }

    private static void unmountQuietly(Path mountPoint) {
        try {
            Posix.unmount(mountPoint, Posix.MNT_DETACH);
        } catch (PosixException notMounted) {
            // EINVAL: nothing is mounted there
        }
    }
}
