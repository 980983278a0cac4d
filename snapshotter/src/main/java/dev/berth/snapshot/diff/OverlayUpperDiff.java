package dev.berth.snapshot.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * The fast path: the changes of an overlay mount against its own lower layers are its upperdir.
 * Walks only the upperdir (as containerd's overlay differ with fs.DiffDirChanges) and writes
 * every entry, turning overlayfs' whiteouts into OCI ones: a 0/0 character device becomes
 * {@code .wh.<name>}, a directory with {@code trusted.overlay.opaque=y} is written followed by
 * {@code <dir>/.wh..wh..opq}.
 */
final class OverlayUpperDiff {
    private static final byte[] OPAQUE = "y".getBytes(StandardCharsets.US_ASCII);

    /** The upperdir uses overlayfs features whose changes are not plain files in it. */
    static final class NotPlainUpper extends IOException {
        NotPlainUpper(String message) {
            super(message);
        }
    }

    private OverlayUpperDiff() {}

    /**
     * Writes the changes held in {@code upper}.
     *
     * @throws NotPlainUpper when an entry is a renamed directory (redirect_dir) or holds only
     *                       metadata (metacopy): its content is in a lower layer; the caller then
     *                       compares the mounted trees instead
     */
    static void write(Path upper, ChangeWriter changes) throws IOException {
        try (TreeCursor cursor = TreeCursor.open(upper)) {
            for (FileNode node = cursor.next(); node != null; node = cursor.next()) {
                if (node.isOverlayWhiteout()) {
                    changes.deleted(node.path());
                    continue;
                }
                SortedMap<String, byte[]> xattrs = node.xattrs();
                if (xattrs.containsKey("trusted.overlay.redirect") || xattrs.containsKey("trusted.overlay.metacopy")) {
                    throw new NotPlainUpper(node.file() + " is an overlayfs redirect or metacopy entry");
                }
                changes.changed(node);
                if (node.isDirectory() && Arrays.equals(OPAQUE, xattrs.get("trusted.overlay.opaque"))) {
                    changes.opaque(node.path());
                }
            }
        }
    }
}
