package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.volume.MountPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container paths that live on a mount (a volume, a bind or a tmpfs) rather than in the
 * rootfs. The rootfs as the host sees it lacks those mounts: docker cp reaches them through the
 * container's own view of its filesystem, which only a running container has, and refuses them
 * for a stopped one rather than copy the empty directories underneath.
 */
public final class MountedPaths {
    private MountedPaths() {
    }

    /** The deepest mount at or above {@code path}, if any. */
    public static Optional<MountPoint> covering(List<MountPoint> mounts, String path) {
        Path target = Path.of("/").resolve(path).normalize();
        MountPoint best = null;
        for (MountPoint mount : mounts) {
            Path destination = Path.of(mount.destination()).normalize();
            if (target.startsWith(destination)
                    && (best == null || destination.getNameCount() > Path.of(best.destination()).getNameCount())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A mount a copy of {@code path} involves: one the path is on, else one inside the path's tree. */
    public static Optional<MountPoint> involved(List<MountPoint> mounts, String path) {
        Optional<MountPoint> covering = covering(mounts, path);
        if (covering.isPresent()) {
            return covering;
        }
        Path target = Path.of("/").resolve(path).normalize();
        return mounts.stream().filter(mount -> Path.of(mount.destination()).normalize().startsWith(target)).findFirst();
    }

    /**
     * Whether a copy of {@code path} must go through the container's mounts; for a stopped
     * container that involves a mount, 501 with the mount named.
     */
    public static boolean throughMounts(List<MountPoint> mounts, String path, boolean running) {
        Optional<MountPoint> mount = involved(mounts, path);
        if (mount.isEmpty()) {
            return false;
        }
        if (!running) {
            throw new DockerApiException(501, "copying to or from " + path + " of a stopped container is not supported by Berth yet: "
                    + mount.get().destination() + " is a " + mount.get().type() + " mount, which the container's filesystem holds"
                    + " only while it runs", null);
        }
        return true;
    }
}
