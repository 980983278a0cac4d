package dev.berth.snapshot.diff;

import dev.berth.api.containerd.types.Mount;
import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bind or overlay mount mounted read-only on a mount point of the scratch space, as
 * containerd's mount.WithReadonlyTempMount: a bind mount is bound and remounted read-only; an
 * overlay loses its upperdir and workdir, the upperdir becoming the top lowerdir, so a tree a
 * container has mounted read-write is not mounted with the same workdir twice. Closing unmounts
 * it and removes the mount point.
 */
final class ReadOnlyMount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyMount.class);
    private static final long MS_REMOUNT = 32;
    private static final int EBUSY = 16;

    private final Path target;

    private ReadOnlyMount(Path target) {
        this.target = target;
    }

    /** Mounts {@code mount} read-only on the empty directory {@code target}; on failure the directory is removed. */
    static ReadOnlyMount mount(Mount mount, Path target) throws IOException {
        try {
            if (DiffMounts.isBind(mount)) {
                long recursive = mount.getType().equals("rbind") || mount.getOptionsList().contains("rbind") ? Posix.MS_REC : 0;
                Posix.mount(mount.getSource(), target, null, Posix.MS_BIND | recursive, null);
                try {
                    Posix.mount(null, target, null, Posix.MS_BIND | MS_REMOUNT | Posix.MS_RDONLY | recursive, null);
                } catch (PosixException e) {
                    Posix.unmount(target, Posix.MNT_DETACH);
                    throw e;
                }
            } else {
                Posix.mount("overlay", target, "overlay", Posix.MS_RDONLY, String.join(",", readOnlyOverlayOptions(mount)));
            }
        } catch (PosixException e) {
            Files.deleteIfExists(target);
            throw new IOException("cannot mount " + mount.getType() + " " + mount.getSource() + " read-only: " + e.getMessage(), e);
        }
        return new ReadOnlyMount(target);
    }

    private static List<String> readOnlyOverlayOptions(Mount mount) {
        Path upper = DiffMounts.option(mount, "upperdir");
        List<String> lowers = new ArrayList<>();
        if (upper != null) {
            lowers.add(upper.toString());
        }
        DiffMounts.lowerdirs(mount).forEach(lower -> lowers.add(lower.toString()));
        List<String> options = new ArrayList<>();
        for (String option : mount.getOptionsList()) {
            if (!option.startsWith("upperdir=") && !option.startsWith("workdir=") && !option.startsWith("lowerdir=")
                    && !option.equals("rw") && !option.equals("ro")) {
                options.add(option);
            }
        }
        options.add("lowerdir=" + String.join(":", lowers));
        return options;
    }

    Path path() {
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            Posix.unmount(target, 0);
        } catch (PosixException e) {
            if (e.errno() != EBUSY) {
                throw new IOException("cannot unmount " + target + ": " + e.getMessage(), e);
            }
            LOG.warn("{} is busy, detaching it", target);
            Posix.unmount(target, Posix.MNT_DETACH);
        }
        Files.delete(target);
    }
}
