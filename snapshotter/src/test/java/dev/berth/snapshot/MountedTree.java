package dev.berth.snapshot;

import dev.berth.api.containerd.types.Mount;
import dev.berth.common.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A snapshot's mounts mounted on a directory for a test, as a runtime would; unmounted on close. */
final class MountedTree implements AutoCloseable {
    private final Path target;

    private MountedTree(Path target) {
        this.target = target;
    }

    static MountedTree mount(List<Mount> mounts, Path target) throws IOException {
        Files.createDirectories(target);
        Mount mount = mounts.getFirst();
        if (mount.getType().equals("bind")) {
            Posix.mount(mount.getSource(), target, null, Posix.MS_BIND, null);
        } else {
            Posix.mount(mount.getSource(), target, mount.getType(), 0, String.join(",", mount.getOptionsList()));
        }
        return new MountedTree(target);
    }

    Path root() {
        return target;
    }

    @Override
    public void close() {
        Posix.unmount(target, 0);
    }
}
