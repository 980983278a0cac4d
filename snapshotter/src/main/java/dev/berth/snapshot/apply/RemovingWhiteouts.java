package dev.berth.snapshot.apply;

import dev.berth.common.fs.DurableFiles;
import dev.berth.snapshot.tar.TarEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whiteouts applied to a plain directory (no lower layers to hide): delete what they name. An
 * opaque directory keeps only what this layer wrote, so the paths written are remembered, unless
 * the directory was empty when the layer started (the usual first layer): then everything in it is
 * this layer's, an opaque directory hides nothing, and memory stays bounded whatever the layer's size.
 */
final class RemovingWhiteouts implements Whiteouts {
    private final UnpackedPaths unpacked;

    RemovingWhiteouts(boolean targetWasEmpty) {
        this.unpacked = targetWasEmpty ? null : new UnpackedPaths();
    }

    @Override
    public void hide(Path path, TarEntry entry) throws IOException {
        DurableFiles.deleteTree(path);
    }

    @Override
    public void makeOpaque(Path dir) throws IOException {
        if (unpacked == null) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            if (unpacked.contains(child) || unpacked.hasDescendant(child)) {
                if (directory) {
                    makeOpaque(child);
                }
            } else {
                DurableFiles.deleteTree(child);
            }
        }
    }

    @Override
    public void written(Path path) {
        if (unpacked != null) {
            unpacked.add(path);
        }
    }
}
