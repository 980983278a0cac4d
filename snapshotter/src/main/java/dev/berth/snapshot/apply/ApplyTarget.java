package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.api.containerd.types.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a layer is written without mounting: the source of a single writable bind mount, or
 * the upperdir of a single overlay mount (with its lowerdirs for copying up directory metadata).
 *
 * @param root   the real path of the directory written into
 * @param lowers the overlay's lower dirs, top first; empty for a bind mount
 */
public record ApplyTarget(Path root, List<Path> lowers, boolean overlay) {

    public static ApplyTarget fromMounts(List<Mount> mounts) throws IOException {
        if (mounts.size() != 1) {
            throw invalidArgument("applying a layer needs exactly one bind or overlay mount, got " + mounts.size());
        }
        Mount mount = mounts.getFirst();
        return switch (mount.getType()) {
            case "bind", "rbind" -> {
                if (mount.getOptionsList().contains("ro")) {
                    throw invalidArgument("cannot apply a layer to the read-only bind mount of " + mount.getSource());
                }
                yield new ApplyTarget(directory(mount.getSource()), List.of(), false);
            }
            case "overlay" -> fromOverlay(mount);
            default -> throw invalidArgument("cannot apply a layer to a mount of type \"" + mount.getType() + "\"");
        };
    }

    private static ApplyTarget fromOverlay(Mount mount) throws IOException {
        String upper = null;
        List<Path> lowers = new ArrayList<>();
        for (String option : mount.getOptionsList()) {
            if (option.startsWith("upperdir=")) {
                upper = option.substring("upperdir=".length());
            } else if (option.startsWith("lowerdir=")) {
                for (String lower : option.substring("lowerdir=".length()).split(":")) {
                    if (!lower.isEmpty()) {
                        lowers.add(directory(lower));
                    }
                }
            }
        }
        if (upper == null) {
            throw invalidArgument("cannot apply a layer to an overlay mount without upperdir (it is read-only)");
        }
        return new ApplyTarget(directory(upper), List.copyOf(lowers), true);
    }

    private static Path directory(String path) throws IOException {
        if (path.isEmpty() || !path.startsWith("/")) {
            throw invalidArgument("mount path \"" + path + "\" is not absolute");
        }
        Path dir = Path.of(path);
        if (!Files.isDirectory(dir)) {
            throw invalidArgument("mount path " + path + " is not a directory");
        }
        return dir.toRealPath();
    }
}
