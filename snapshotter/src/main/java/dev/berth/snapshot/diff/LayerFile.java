package dev.berth.snapshot.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layer blob written to the scratch space, deleted on close.
 *
 * @param digest             the blob's digest
 * @param size               the blob's size in bytes
 * @param uncompressedDigest the digest of the tar inside (the diff id); the blob's own for plain tar
 */
public record LayerFile(Path file, String digest, long size, String uncompressedDigest) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
