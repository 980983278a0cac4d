package dev.berth.snapshot.apply;

import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Whiteouts applied to a plain directory (no lower layers to hide): delete what they name. */
final class RemovingWhiteouts implements Whiteouts {
    @Override
    public void hide(Path path, TarArchiveEntry entry) throws IOException {
        DurableFiles.deleteTree(path);
    }

    @Override
    public void makeOpaque(Path dir, UnpackedPaths unpacked) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            if (unpacked.contains(child) || unpacked.hasDescendant(child)) {
                if (directory) {
                    makeOpaque(child, unpacked);
                }
            } else {
                DurableFiles.deleteTree(child);
            }
        }
    }
}
