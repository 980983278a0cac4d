package dev.berth.snapshot.diff;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.api.containerd.types.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two sides of a Diff request, checked: each side at most one mount (the right side exactly
 * one) of type bind or overlay, with absolute paths.
 *
 * @param left  the lower side, null for an empty tree (no parent)
 * @param right the upper side
 */
record DiffMounts(Mount left, Mount right) {

    static DiffMounts of(List<Mount> left, List<Mount> right) {
        if (right.isEmpty()) {
            throw invalidArgument("diff needs the mounts of the upper (right) side");
        }
        if (left.size() > 1 || right.size() > 1) {
            throw invalidArgument("diff takes one mount per side, got " + left.size() + " and " + right.size());
        }
        return new DiffMounts(left.isEmpty() ? null : checked(left.getFirst()), checked(right.getFirst()));
    }

    /**
     * The right side's upperdir when it holds exactly the changes against the left side: the right
     * side is an overlay with an upperdir over the very layers the left side shows (a bind mount of
     * the one parent, or an overlay of the same lowerdirs).
     */
    Optional<Path> overlayUpper() {
        Path upper = option(right, "upperdir");
        if (!right.getType().equals("overlay") || upper == null) {
            return Optional.empty();
        }
        List<Path> leftLayers;
        if (left == null) {
            leftLayers = List.of();
        } else if (isBind(left)) {
            leftLayers = List.of(path(left.getSource()));
        } else if (option(left, "upperdir") == null) {
            leftLayers = lowerdirs(left);
        } else {
            return Optional.empty();
        }
        return lowerdirs(right).equals(leftLayers) ? Optional.of(upper) : Optional.empty();
    }

    static boolean isBind(Mount mount) {
        return mount.getType().equals("bind") || mount.getType().equals("rbind");
    }

    /** The lowerdirs of an overlay mount, top first. */
    static List<Path> lowerdirs(Mount mount) {
        List<Path> lowers = new ArrayList<>();
        for (String option : mount.getOptionsList()) {
            if (option.startsWith("lowerdir=")) {
                for (String dir : option.substring("lowerdir=".length()).split(":")) {
                    if (!dir.isEmpty()) {
                        lowers.add(path(dir));
                    }
                }
            }
        }
        return lowers;
    }

    /** The value of an overlay option such as upperdir, or null. */
    static Path option(Mount mount, String name) {
        for (String option : mount.getOptionsList()) {
            if (option.startsWith(name + "=")) {
                return path(option.substring(name.length() + 1));
            }
        }
        return null;
    }

    private static Mount checked(Mount mount) {
        if (isBind(mount)) {
            path(mount.getSource());
        } else if (mount.getType().equals("overlay")) {
            if (lowerdirs(mount).isEmpty()) {
                throw invalidArgument("overlay mount without lowerdir");
            }
            option(mount, "upperdir");
            option(mount, "workdir");
        } else {
            throw invalidArgument("unsupported mount type \"" + mount.getType() + "\": diff takes bind and overlay mounts");
        }
        return mount;
    }

    private static Path path(String path) {
        if (!path.startsWith("/")) {
            throw invalidArgument("mount path \"" + path + "\" is not absolute");
        }
        return Path.of(path).normalize();
    }
}
