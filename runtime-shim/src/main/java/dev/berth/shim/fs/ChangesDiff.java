package dev.berth.shim.fs;

import dev.berth.api.runtime.v1.Change;
import dev.berth.api.runtime.v1.ChangeKind;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.FsCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * docker diff's naive comparison of the container's rootfs with the image's (lower) tree: A for
 * what only the rootfs has (and everything under an added directory), D for what only the lower
 * has (the top of a deleted tree), C for what both have with a different type, mode, owner,
 * device, size or modification time (directories by mode, owner and time), and, as moby does, a
 * directory with changes inside it. The contents of /proc, /sys and /dev and the mount points
 * of the bundle's mounts (e.g. /etc/hostname) are skipped; so is the time of a directory that
 * holds such a mount point, which runc may have created there. Both trees are walked from
 * directory descriptors without following symlinks.
 */
public final class ChangesDiff {
    private static final Set<String> CONTENTS_SKIPPED = Set.of("/proc", "/sys", "/dev");

    private final Set<String> skipped = new HashSet<>();
    private final Set<String> mountParents = new HashSet<>();
    private final List<Change> changes = new ArrayList<>();

    private ChangesDiff(Collection<String> mountPoints) {
        for (String mountPoint : mountPoints) {
            List<String> parts = RootFs.components(mountPoint);
            if (parts.isEmpty()) {
                continue;
            }
            skipped.add("/" + String.join("/", parts));
            for (int i = 0; i < parts.size(); i++) {
                mountParents.add("/" + String.join("/", parts.subList(0, i)));
            }
        }
    }

    /** The changes, sorted by path. */
    public static List<Change> diff(Path lowerRoot, Path rootfs, Collection<String> mountPoints) {
        ChangesDiff diff = new ChangesDiff(mountPoints);
        int lower = lowerRoot == null ? -1 : Fds.open(lowerRoot, Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        int upper = Fds.open(rootfs, Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        try {
            diff.compare("/", lower, upper);
        } finally {
            Fds.close(lower);
            Fds.close(upper);
        }
        diff.changes.sort(Comparator.comparing(Change::getPath));
        return diff.changes;
    }

    /** Compares two directories (lower may be -1: absent); returns whether anything inside changed. */
    private boolean compare(String dir, int lower, int upper) {
        if (CONTENTS_SKIPPED.contains(dir)) {
            return false;
        }
        int before = changes.size();
        Set<String> lowerNames = lower < 0 ? Set.of() : new HashSet<>(FsCalls.list(lower));
        for (String name : FsCalls.list(upper)) {
            String path = child(dir, name);
            if (skipped.contains(path)) {
                continue;
            }
            FsCalls.Stat newStat = FsCalls.statAt(upper, name, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (newStat == null) {
                continue;
            }
            FsCalls.Stat oldStat = lowerNames.contains(name) ? FsCalls.statAt(lower, name, FsCalls.AT_SYMLINK_NOFOLLOW) : null;
            if (oldStat == null) {
                changes.add(change(path, ChangeKind.ADDED));
                if (newStat.isDirectory()) {
                    descend(path, -1, upper, name);
                }
                continue;
            }
            int reportedAt = changes.size();
            boolean reported = false;
            if (different(path, oldStat, newStat)) {
                changes.add(change(path, ChangeKind.MODIFIED));
                reported = true;
            }
            if (newStat.isDirectory()) {
                boolean inside = descend(path, oldStat.isDirectory() ? lower : -1, upper, name);
                if (inside && !reported && oldStat.isDirectory()) {
                    changes.add(reportedAt, change(path, ChangeKind.MODIFIED));
                }
            }
        }
        for (String name : lowerNames) {
            String path = child(dir, name);
            if (!skipped.contains(path) && FsCalls.statAt(upper, name, FsCalls.AT_SYMLINK_NOFOLLOW) == null) {
                changes.add(change(path, ChangeKind.DELETED));
            }
        }
        return changes.size() > before;
    }

    private boolean descend(String path, int lowerParent, int upperParent, String name) {
        int upper = openDir(upperParent, name);
        if (upper < 0) {
            return false;
        }
        int lower = lowerParent < 0 ? -1 : openDir(lowerParent, name);
        try {
            return compare(path, lower, upper);
        } finally {
            Fds.close(lower);
            Fds.close(upper);
        }
    }

    private static int openDir(int parent, String name) {
        try {
            return FsCalls.openAt(parent, name, Fds.O_RDONLY | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private boolean different(String path, FsCalls.Stat oldStat, FsCalls.Stat newStat) {
        if (oldStat.mode() != newStat.mode() || oldStat.uid() != newStat.uid() || oldStat.gid() != newStat.gid()
                || oldStat.rdev() != newStat.rdev()) {
            return true;
        }
        if (newStat.isDirectory()) {
            return !mountParents.contains(path) && !CONTENTS_SKIPPED.contains(path) && !sameTime(oldStat, newStat);
        }
        return oldStat.size() != newStat.size() || !sameTime(oldStat, newStat);
    }

    /** moby's sameFsTime: nanoseconds count only when both sides have them. */
    private static boolean sameTime(FsCalls.Stat a, FsCalls.Stat b) {
        return a.mtimeSeconds() == b.mtimeSeconds()
                && (a.mtimeNanos() == b.mtimeNanos() || a.mtimeNanos() == 0 || b.mtimeNanos() == 0);
    }

    private static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private static Change change(String path, ChangeKind kind) {
        return Change.newBuilder().setPath(path).setKind(kind).build();
    }
}
