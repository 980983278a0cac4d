package dev.berth.shim.fs;

import dev.berth.api.runtime.v1.VolumeSeed;
import dev.berth.common.posix.PosixException;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's copy of an image's content into an empty volume (moby's copyExistingContents): the
 * rootfs's directory at the mount's destination, resolved inside the rootfs (openat2
 * RESOLVE_IN_ROOT: a symlink on the way cannot lead out of it), is walked by descriptors with
 * O_NOFOLLOW, so nothing below it is followed either. Owners, modes (set-id bits included),
 * times, symlinks, devices, fifos and hard links are kept; the volume's root takes the
 * directory's owner and mode. A volume that is not empty, or a destination that is not a
 * directory in the image, is left as it is.
 */
public final class VolumeSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeSeeder.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final Map<String, Path> links = new HashMap<>();

    private VolumeSeeder() {}

    /** Fills each seed's empty source from the rootfs; returns how many were filled. */
    public static int seed(RootFs root, List<VolumeSeed> seeds) throws IOException {
        int filled = 0;
        for (VolumeSeed seed : seeds) {
            if (new VolumeSeeder().seedOne(root, seed)) {
                filled++;
            }
        }
        return filled;
    }

    private boolean seedOne(RootFs root, VolumeSeed seed) throws IOException {
        Path volume = Path.of(seed.getSource());
        if (!volume.isAbsolute() || !seed.getDestination().startsWith("/")) {
            throw new IllegalArgumentException("volume seed paths must be absolute: " + seed.getSource() + " -> "
                    + seed.getDestination());
        }
        if (!Files.isDirectory(volume, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("volume seed source " + volume + " is not a directory");
        }
        try (var entries = Files.list(volume)) {
            if (entries.findAny().isPresent()) {
                return false; // Docker copies into an empty volume only
            }
        }
        int dir;
        try {
            dir = root.open(seed.getDestination(), Fds.O_RDONLY | Fds.O_DIRECTORY);
        } catch (PosixException e) {
            if (e.errno() == Fds.ENOENT || e.errno() == FsCalls.ENOTDIR) {
                return false; // nothing at the destination (or not a directory): nothing to copy
            }
            throw e;
        }
        try {
            FsCalls.Stat top = FsCalls.stat(dir);
            copyChildren(dir, volume);
            applyOwnerAndMode(volume, top);
            setTimes(volume, top);
        } finally {
            Fds.close(dir);
        }
        LOG.info("seeded volume {} from the image's {}", volume, seed.getDestination());
        return true;
    }

    private void copyChildren(int dirFd, Path target) throws IOException {
        for (String name : FsCalls.list(dirFd)) {
            FsCalls.Stat st = FsCalls.statAt(dirFd, name, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (st == null) {
                continue; // gone meanwhile
            }
            Path to = target.resolve(name);
            int type = st.mode() & S_IFMT;
            if (type == S_IFDIR) {
                int child = FsCalls.openAt(dirFd, name, Fds.O_RDONLY | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
                try {
                    Files.createDirectory(to);
                    copyChildren(child, to);
                } finally {
                    Fds.close(child);
                }
                applyOwnerAndMode(to, st);
                setTimes(to, st);
                continue;
            }
            if (type == S_IFREG && st.nlink() > 1) {
                String key = st.dev() + ":" + st.ino();
                Path first = links.get(key);
                if (first != null) {
                    Files.createLink(to, first);
                    continue;
                }
                links.put(key, to);
            }
            if (type == S_IFREG) {
                int file = FsCalls.openAt(dirFd, name, Fds.O_RDONLY | Fds.O_NOFOLLOW | Fds.O_NONBLOCK | Fds.O_NOCTTY, 0);
                try (InputStream in = Files.newInputStream(RootFs.procFd(file));
                        OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    in.transferTo(out);
                } finally {
                    Fds.close(file);
                }
            } else if (type == S_IFLNK) {
                Files.createSymbolicLink(to, Path.of(FsCalls.readlinkAt(dirFd, name)));
            } else {
                // devices, fifos and sockets: made again, as a copy of the node
                FsCalls.mknodAt(FsCalls.AT_FDCWD, to.toString(), st.mode(), st.rdev());
            }
            applyOwnerAndMode(to, st);
            setTimes(to, st);
        }
    }

    private static void applyOwnerAndMode(Path path, FsCalls.Stat st) throws IOException {
        FsCalls.chownAt(FsCalls.AT_FDCWD, path.toString(), st.uid(), st.gid());
        if ((st.mode() & S_IFMT) != S_IFLNK) {
            // after chown, which clears set-id bits
            Files.setAttribute(path, "unix:mode", st.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void setTimes(Path path, FsCalls.Stat st) {
        FsCalls.setTimesAt(FsCalls.AT_FDCWD, path.toString(), st.mtimeSeconds(), st.mtimeNanos());
    }
}
