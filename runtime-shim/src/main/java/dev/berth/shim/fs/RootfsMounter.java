package dev.berth.shim.fs;

import dev.berth.api.containerd.types.Mount;
import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts a container's rootfs mounts (overlay from the snapshotter, or a bind) at {@code <bundle>/rootfs}. */
public final class RootfsMounter {
    private static final Logger LOG = LoggerFactory.getLogger(RootfsMounter.class);
    private static final int EINVAL = 22;
    private static final int EBUSY = 16;
    private static final int ENOENT = 2;

    private RootfsMounter() {}

    /**
     * Mounts every mount in order on {@code target}; on a failure the ones already mounted are
     * undone, so a failed Create leaves nothing behind.
     */
    public static void mountAll(List<Mount> mounts, Path target) {
        mountAll(mounts, target, false);
    }

    /** As {@link #mountAll(List, Path)}; {@code readOnly} adds "ro" to every mount. */
    public static void mountAll(List<Mount> mounts, Path target, boolean readOnly) {
        int mounted = 0;
        try {
            for (Mount mount : mounts) {
                mountOne(readOnly ? mount.toBuilder().addOptions("ro").build() : mount, target);
                mounted++;
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < mounted; i++) {
                unmountOnce(target);
            }
            throw e;
        }
    }

    private static void mountOne(Mount mount, Path target) {
        if (mount.getType().isEmpty()) {
            throw new IllegalArgumentException("rootfs mount of " + mount.getSource() + " has no type");
        }
        if (!mount.getTarget().isEmpty() && !mount.getTarget().equals("/")) {
            throw new IllegalArgumentException("rootfs mount targets inside the rootfs are not supported: " + mount.getTarget());
        }
        MountOptions options = MountOptions.parse(mount.getOptionsList());
        boolean bind = options.isBind() || mount.getType().equals("bind");
        long flags = options.flags() | (bind ? Posix.MS_BIND : 0);
        Posix.mount(mount.getSource(), target, bind ? "bind" : mount.getType(), flags, options.data());
        if (bind && options.isReadOnly()) {
            // the kernel ignores MS_RDONLY on the first bind mount: it takes a remount
            try {
                Posix.mount(null, target, null, flags | MountOptions.MS_REMOUNT, null);
            } catch (RuntimeException e) {
                unmountOnce(target);
                throw e;
            }
        }
    }

    /** Unmounts everything mounted on {@code target}, detaching lazily what is still busy. */
    public static void unmountAll(Path target) {
        for (int i = 0; i < 64; i++) {
            if (!unmountOnce(target)) {
                return;
            }
        }
        LOG.warn("{} is still mounted after 64 unmounts", target);
    }

    /** Returns false when nothing (more) is mounted there. */
    private static boolean unmountOnce(Path target) {
        try {
            Posix.unmount(target, 0);
            return true;
        } catch (PosixException e) {
            if (e.errno() == EINVAL || e.errno() == ENOENT) {
                return false;
            }
            if (e.errno() != EBUSY) {
                throw e;
            }
        }
        LOG.info("{} is busy, detaching it lazily", target);
        try {
            Posix.unmount(target, Posix.MNT_DETACH);
            return true;
        } catch (PosixException e) {
            if (e.errno() == EINVAL || e.errno() == ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** Creates {@code <bundle>/rootfs}; returns true when it did not exist before. */
    public static boolean createMountPoint(Path rootfs) throws IOException {
        if (Files.isDirectory(rootfs)) {
            return false;
        }
        Files.createDirectory(rootfs);
        return true;
    }
}
