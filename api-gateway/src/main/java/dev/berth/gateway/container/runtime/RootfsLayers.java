package dev.berth.gateway.container.runtime;

import dev.berth.api.containerd.types.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a snapshot's mounts stack, topmost first: an overlay's upperdir then each
 * lowerdir in order, or a bind mount's source. Lets the gateway read a file of the container's
 * root filesystem (its /etc/passwd) without mounting it.
 */
public final class RootfsLayers {
    private RootfsLayers() {}

    public static List<Path> of(List<Mount> mounts) {
        List<Path> layers = new ArrayList<>();
        for (Mount mount : mounts) {
            if (mount.getType().equals("overlay")) {
                String upper = null;
                List<Path> lowers = new ArrayList<>();
                for (String option : mount.getOptionsList()) {
                    if (option.startsWith("upperdir=")) {
                        upper = option.substring("upperdir=".length());
                    } else if (option.startsWith("lowerdir=")) {
                        for (String lower : option.substring("lowerdir=".length()).split(":")) {
                            if (!lower.isEmpty()) {
                                lowers.add(Path.of(lower));
                            }
                        }
                    }
                }
                if (upper != null) {
                    layers.add(Path.of(upper));
                }
                layers.addAll(lowers);
            } else if (mount.getType().equals("bind") || mount.getOptionsList().contains("bind")
                    || mount.getOptionsList().contains("rbind")) {
                layers.add(Path.of(mount.getSource()));
            }
        }
        return layers;
    }
}
