package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.snapshot.tar.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an entry's names against the kernel's limits before anything is written, so a hostile
 * name fails the Apply with INVALID_ARGUMENT naming the entry rather than with ENAMETOOLONG
 * half-way through a syscall.
 */
final class EntryNames {
    static final int PATH_MAX = 4096;
    static final int NAME_MAX = 255;

    private final int rootLength;

    EntryNames(Path root) {
        this.rootLength = root.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The cleaned components of the entry's name (see {@link RootedPaths#clean}), checked. */
    List<String> parts(TarEntry entry) {
        if (entry.name().indexOf('\0') >= 0 || entry.linkName().indexOf('\0') >= 0) {
            throw invalidArgument("tar entry name contains NUL");
        }
        List<String> parts = RootedPaths.clean(entry.name());
        long length = rootLength;
        for (String part : parts) {
            int bytes = part.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > NAME_MAX) {
                throw invalidArgument("file name too long (" + bytes + " bytes, NAME_MAX is " + NAME_MAX + ") in "
                        + shortened(entry.name()));
            }
            length += 1 + bytes;
        }
        if (length >= PATH_MAX) {
            throw invalidArgument("path too long (" + length + " bytes in the snapshot, PATH_MAX is " + PATH_MAX
                    + "): " + shortened(entry.name()));
        }
        if (entry.linkName().getBytes(StandardCharsets.UTF_8).length >= PATH_MAX) {
            throw invalidArgument("link target too long (PATH_MAX is " + PATH_MAX + ") of " + shortened(entry.name()));
        }
        return parts;
    }

    private static String shortened(String name) {
        return name.length() <= 200 ? name : name.substring(0, 200) + "...";
    }
}
