package dev.berth.snapshot.apply;

import dev.berth.common.fs.DurableFiles;
import dev.berth.common.posix.Posix;
import dev.berth.snapshot.tar.TarEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whiteouts as overlayfs reads them in an upper dir: a 0/0 character device, and
 * trusted.overlay.opaque=y. The lower layers stay untouched, so nothing written is tracked.
 */
final class OverlayWhiteouts implements Whiteouts {
    @Override
    public void hide(Path path, TarEntry entry) throws IOException {
        DurableFiles.deleteTree(path);
        Posix.mknod(path, Posix.S_IFCHR, Posix.makedev(0, 0));
        Files.setAttribute(path, "unix:uid", (int) entry.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) entry.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void makeOpaque(Path dir) {
        Posix.setXattr(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void written(Path path) {}
}
