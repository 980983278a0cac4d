package dev.berth.snapshot.diff;

import dev.berth.api.containerd.types.Mount;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the difference between two mounts into a layer blob in the scratch space, as containerd's
 * walking differ: from an overlay's upperdir when it holds exactly the changes (the fast path),
 * else by mounting both sides read-only and comparing the trees. The blob is streamed to a file
 * while both its digest and the digest of the tar inside are computed; whatever fails, the file
 * is removed and the mounts are undone.
 */
public final class LayerDiffer {
    private static final Logger LOG = LoggerFactory.getLogger(LayerDiffer.class);
    private static final int BUFFER = 64 * 1024;

    private final ScratchSpace scratch;

    public LayerDiffer(ScratchSpace scratch) {
        this.scratch = scratch;
    }

    /** What writes the changes of two trees. */
    private interface TreeDiff {
        void write(ChangeWriter changes) throws IOException;
    }

    /**
     * Writes the layer from {@code left} (empty: no parent) to {@code right}; the caller closes
     * the returned file, which deletes it.
     *
     * @param sourceDateEpoch the latest modification time to write, or null
     */
    public LayerFile diff(List<Mount> left, List<Mount> right, LayerMediaType mediaType, Instant sourceDateEpoch)
            throws IOException {
        DiffMounts mounts = DiffMounts.of(left, right);
        Optional<Path> upper = mounts.overlayUpper();
        if (upper.isPresent()) {
            try {
                return write(mediaType, sourceDateEpoch, upper.get(), changes -> OverlayUpperDiff.write(upper.get(), changes));
            } catch (OverlayUpperDiff.NotPlainUpper e) {
                LOG.info("{}; comparing the mounted trees instead", e.getMessage());
            }
        }
        try (ReadOnlyMount lower = mounts.left() == null ? null : ReadOnlyMount.mount(mounts.left(), scratch.newMountPoint());
             ReadOnlyMount changed = ReadOnlyMount.mount(mounts.right(), scratch.newMountPoint())) {
            Path lowerRoot = lower == null ? null : lower.path();
            return write(mediaType, sourceDateEpoch, changed.path(), changes -> DoubleWalkDiff.write(lowerRoot, changed.path(), changes));
        }
    }

    private LayerFile write(LayerMediaType mediaType, Instant sourceDateEpoch, Path source, TreeDiff diff) throws IOException {
        Path file = scratch.newLayerFile();
        try {
            DigestingOutputStream blob;
            DigestingOutputStream tarBytes;
            try (OutputStream out = Files.newOutputStream(file)) {
                blob = new DigestingOutputStream(new BufferedOutputStream(out, BUFFER));
                tarBytes = new DigestingOutputStream(new BufferedOutputStream(mediaType.compress(blob), BUFFER));
                try (LayerTarWriter tar = new LayerTarWriter(tarBytes)) {
                    ChangeWriter changes = new ChangeWriter(tar, source, sourceDateEpoch);
                    diff.write(changes);
                    changes.finish();
                }
            }
            String uncompressed = tarBytes.digest();
            return new LayerFile(file, blob.digest(), blob.count(), uncompressed);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
