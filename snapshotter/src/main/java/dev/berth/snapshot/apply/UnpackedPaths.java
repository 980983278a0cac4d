package dev.berth.snapshot.apply;

import java.nio.file.Path;
import java.util.TreeSet;

/** The paths one layer has written so far, for opaque directories without overlayfs. */
final class UnpackedPaths {
    private final TreeSet<String> paths = new TreeSet<>();

    void add(Path path) {
        paths.add(path.toString());
    }

    boolean contains(Path path) {
        return paths.contains(path.toString());
    }

    /** Whether the layer wrote something below {@code dir}. */
    boolean hasDescendant(Path dir) {
        String prefix = dir + "/";
        String next = paths.ceiling(prefix);
        return next != null && next.startsWith(prefix);
    }
}
