package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.volume.MountPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container paths that live on a mount (a volume, a bind or a tmpfs) rather than in the
 * rootfs. The shim's archive calls read and write the rootfs as the host sees it, where those
 * mounts are absent: a copy there would silently miss the mount. Until the archive calls cross
 * mounts, such paths are refused with a clear error instead.
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

    /** Refuses a copy to or from a mounted path (501, with the mount named). */
    public static void refuseIfMounted(List<MountPoint> mounts, String path) {
        covering(mounts, path).ifPresent(mount -> {
            throw new DockerApiException(501, "copying to or from " + path + " is not supported by Berth yet: "
                    + mount.destination() + " is a " + mount.type() + " mount, and copies reach only the container's"
                    + " own filesystem", null);
        });
    }
}
