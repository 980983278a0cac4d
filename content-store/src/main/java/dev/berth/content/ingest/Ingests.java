package dev.berth.content.ingest;

import dev.berth.api.containerd.content.v1.Status;
import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.StoreException;
import dev.berth.content.Timestamps;
import dev.berth.content.blob.BlobStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes in progress, by client ref, under {@code <root>/ingest}. An ingest survives restarts and
 * is resumed by opening the same ref again; committing it moves its data into the {@link BlobStore}.
 */
public final class Ingests {
    private static final Logger LOG = LoggerFactory.getLogger(Ingests.class);
    static final String TEMP_PREFIX = ".tmp-";
    private static final java.time.Duration ABORT_PATIENCE = java.time.Duration.ofSeconds(2);

    private final Path dir;
    private final BlobStore blobs;
    private final RefLocks locks = new RefLocks();

    public Ingests(Path root, BlobStore blobs) throws IOException {
        this.dir = root.resolve("ingest");
        this.blobs = blobs;
        Files.createDirectories(dir);
    }

    /**
     * Opens the ingest {@code ref} for writing, creating it or resuming it where it stands (the
     * hash is recomputed from the data on disk). Refused with ALREADY_EXISTS when {@code expected}
     * is already committed in {@code namespace} (the lease then holds it), and with UNAVAILABLE
     * while another stream writes the same ref.
     *
     * @param total the expected size, 0 when unknown
     * @param expected the expected digest, null when unknown
     */
    public IngestWriter open(String namespace, String ref, long total, Digest expected, IngestLease lease) throws IOException {
        requireRef(ref);
        if (total < 0) {
            throw StoreException.invalidArgument("total must not be negative: " + total);
        }
        lease.verify();
        if (expected != null && blobs.exists(namespace, expected)) {
            lease.alreadyCommitted(ref, expected);
            throw BlobStore.alreadyExists(expected);
        }
        Runnable release = locks.acquire(ref);
        try {
            IngestDir ingest = IngestDir.of(dir, ref);
            Status meta;
            if (ingest.exists() && ingest.isComplete()) {
                meta = ingest.readMeta();
            } else {
                // an incomplete leftover (only possible after a crash) is replaced by a fresh ingest
                DurableFiles.deleteTree(ingest.path());
                meta = Status.newBuilder().setStartedAt(Timestamps.now()).build();
                ingest = IngestDir.create(dir, ref, meta);
            }
            IngestWriter writer = new IngestWriter(namespace, ref, ingest, meta, blobs, lease, release);
            try {
                lease.started(ref);
                writer.expect(total, expected);
            } catch (IOException | RuntimeException e) {
                writer.close();
                throw e;
            }
            return writer;
        } catch (IOException | RuntimeException e) {
            release.run();
            throw e;
        }
    }

    public Status status(String ref) throws IOException {
        requireRef(ref);
        IngestDir ingest = IngestDir.of(dir, ref);
        try {
            if (ingest.isComplete()) {
                return ingest.status();
            }
        } catch (NoSuchFileException e) {
            // committed or aborted while we looked
        }
        throw notFound(ref);
    }

    public void forEach(Consumer<Status> visitor) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                IngestDir ingest = new IngestDir(entry);
                if (!Digest.isHex(entry.getFileName().toString()) || !ingest.isComplete()) {
                    continue;
                }
                try {
                    visitor.accept(ingest.status());
                } catch (NoSuchFileException e) {
                    // committed or aborted while we listed
                }
            }
        }
    }

    /** Removes the ingest {@code ref}; waits briefly for a stream writing it to end, else UNAVAILABLE (locked). */
    public void abort(String ref) throws IOException {
        requireRef(ref);
        Runnable release = locks.acquire(ref, ABORT_PATIENCE);
        try {
            IngestDir ingest = IngestDir.of(dir, ref);
            if (!ingest.exists()) {
                throw notFound(ref);
            }
            DurableFiles.deleteTree(ingest.path());
            DurableFiles.fsyncDirectory(dir);
        } finally {
            release.run();
        }
    }

    /**
     * After a crash: removes temporary ingest directories and files, and ingests that lost their
     * data (the data was renamed into the blob store just before the crash). Complete ingests
     * stay, resumable.
     */
    public void recover() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                IngestDir ingest = new IngestDir(entry);
                String name = entry.getFileName().toString();
                if (!Digest.isHex(name) || !Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("removing stray ingest entry {}", entry);
                    DurableFiles.deleteTree(entry);
                } else if (!ingest.isComplete() || !IngestDir.of(dir, ingest.readRef()).equals(ingest)) {
                    LOG.info("removing incomplete ingest {}", entry);
                    DurableFiles.deleteTree(entry);
                } else {
                    Files.deleteIfExists(ingest.metaFile().resolveSibling(IngestDir.META + DurableFiles.TEMP_SUFFIX));
                }
            }
        }
        DurableFiles.fsyncDirectory(dir);
    }

    private static void requireRef(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw StoreException.invalidArgument("ref must not be empty");
        }
    }

    private static StoreException notFound(String ref) {
        return StoreException.notFound("ingest ref \"" + ref + "\"");
    }
}
