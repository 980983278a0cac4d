package dev.berth.gateway.container.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's device nodes under /dev, which a privileged container gets (containerd's
 * HostDevices, which Docker uses): character and block devices, not symlinks, skipping the
 * directories a container mounts its own of (pts, shm, mqueue) and the console.
 */
final class HostDevices {
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostDevices() {}

    static List<OciSpec.Device> scan() {
        List<OciSpec.Device> devices = new ArrayList<>();
        scan(Path.of("/dev"), devices);
        return List.copyOf(devices);
    }

    private static void scan(Path dir, List<OciSpec.Device> devices) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    if (!SKIPPED_DIRS.contains(name)) {
                        scan(entry, devices);
                    }
                } else if (!(dir.equals(Path.of("/dev")) && name.equals("console"))) {
                    device(entry).ifPresent(devices::add);
                }
            }
        } catch (IOException e) {
            // a directory that vanished or cannot be read holds no device we can give
        }
    }

    private static Optional<OciSpec.Device> device(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String type = switch (mode & S_IFMT) {
                case S_IFCHR -> "c";
                case S_IFBLK -> "b";
                default -> null;
            };
            if (type == null) {
                return Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new OciSpec.Device(path.toString(), type, major(rdev), minor(rdev),
                    mode & 07777, (long) uid, (long) gid));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** glibc's gnu_dev_major and gnu_dev_minor, the split of a 64-bit dev_t. */
    static long major(long rdev) {
        return ((rdev & 0x00000000000fff00L) >>> 8) | ((rdev & 0xfffff00000000000L) >>> 32);
    }

    static long minor(long rdev) {
        return (rdev & 0xffL) | ((rdev & 0x00000ffffff00000L) >>> 12);
    }
}
