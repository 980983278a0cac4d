package dev.berth.content.ingest;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.Status;
import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.StoreException;
import dev.berth.content.blob.BlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The open end of one ingest, held by one Write stream: appends at the current offset, keeps the
 * sha256 of everything written so far, and commits into the blob store. Holds the ref's lock
 * until closed or committed.
 */
public final class IngestWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestWriter.class);
    /** Below this, handing the hash to another thread costs more than it saves. */
    private static final int PARALLEL_HASH_MIN = 64 * 1024;
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("ingest-hash-", 0).factory());
    private final String namespace;
    private final String ref;
    private final IngestDir ingest;
    private final BlobStore blobs;
    private final IngestLease lease;
    private final Runnable release;
    private final FileChannel data;
    private final MessageDigest hash;
    private Status meta;
    private long offset;
    private boolean closed;

    IngestWriter(String namespace, String ref, IngestDir ingest, Status meta, BlobStore blobs, IngestLease lease,
            Runnable release) throws IOException {
        this.namespace = namespace;
        this.lease = lease;
        this.ref = ref;
        this.ingest = ingest;
        this.meta = meta;
        this.blobs = blobs;
        this.release = release;
        this.data = FileChannel.open(ingest.data(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.hash = Digest.newHasher();
        try {
            // resuming: the hash state is not kept on disk, so it is rebuilt from the bytes there
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int n; (n = data.read(buffer.clear(), offset)) > 0; ) {
                hash.update(buffer.flip());
                offset += n;
            }
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    public String ref() {
        return ref;
    }

    public long offset() {
        return offset;
    }

    /** The total size recorded for this ingest, 0 when unknown. */
    public long total() {
        return meta.getTotal();
    }

    /** The digest announced for this ingest (in this stream or an earlier one), null when none was. */
    public Digest expected() {
        return meta.getExpected().isEmpty() ? null : Digest.parse(meta.getExpected());
    }

    /** The digest of the bytes written so far. */
    public Digest digest() {
        try {
            return Digest.of((MessageDigest) hash.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests must be cloneable", e);
        }
    }

    public Status status() throws IOException {
        return ingest.status();
    }

    /** Records the size and digest a client announced, so a later status (and resume) reports them. */
    public void expect(long total, Digest expected) throws IOException {
        Status.Builder updated = meta.toBuilder();
        if (total > 0) {
            updated.setTotal(total);
        }
        if (expected != null) {
            updated.setExpected(expected.toString());
        }
        if (!updated.build().equals(meta)) {
            ingest.writeMeta(updated.build());
            meta = updated.build();
        }
    }

    /**
     * Appends {@code bytes} at the current offset. A large chunk is hashed on another thread while
     * it is written, so an ingest costs the slower of the two instead of their sum.
     */
    public void write(ByteString bytes) throws IOException {
        requireOpen();
        Future<?> hashing = bytes.size() >= PARALLEL_HASH_MIN
                ? HASHERS.submit(() -> bytes.asReadOnlyByteBufferList().forEach(hash::update)) : null;
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        long position = offset;
        try {
            while (buffer.hasRemaining()) {
                position += data.write(buffer, position);
            }
        } finally {
            if (hashing != null) {
                awaitHash(hashing);
            }
        }
        if (hashing == null) {
            bytes.asReadOnlyByteBufferList().forEach(hash::update);
        }
        offset = position;
    }

    /** Waits for the hash even when the write failed: the digest must never be updated behind a later call. */
    private static void awaitHash(Future<?> hashing) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    hashing.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IOException("hashing failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Drops everything written so far, to restart the ingest from offset 0. */
    public void truncate() throws IOException {
        requireOpen();
        data.truncate(0);
        hash.reset();
        offset = 0;
    }

    /**
     * Verifies size (when {@code total} > 0) and digest (when {@code expected} is given) and moves
     * the data into the blob store. On a mismatch nothing is committed, the writer is closed and
     * the ingest stays on disk, resumable or abortable by ref (containerd does the same). When the
     * digest is already committed the ingest is removed and ALREADY_EXISTS reported.
     */
    public Info commit(long total, Digest expected, Map<String, String> labels) throws IOException {
        requireOpen();
        try {
            data.force(true);
            long size = data.size();
            if (total > 0 && size != total) {
                throw StoreException.failedPrecondition("unexpected commit size " + size + ", expected " + total);
            }
            Digest actual = digest();
            if (expected != null && !expected.equals(actual)) {
                throw StoreException.failedPrecondition("unexpected commit digest " + actual + ", expected " + expected);
            }
            lease.verify();
            data.close();
            Info info;
            try {
                info = blobs.commit(namespace, ingest.data(), actual, size, labels, batch -> lease.committed(batch, ref, actual));
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.ALREADY_EXISTS) {
                    lease.alreadyCommitted(ref, actual);
                    removeIngest();
                }
                throw e;
            }
            removeIngest();
            return info;
        } finally {
            close();
        }
    }

    /** Best effort: the blob is committed either way, and recovery removes an ingest left without data. */
    private void removeIngest() {
        try {
            DurableFiles.deleteTree(ingest.path());
            DurableFiles.fsyncDirectory(ingest.path().getParent());
        } catch (IOException e) {
            LOG.warn("cannot remove committed ingest {}: {}", ingest.path(), e.toString());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw StoreException.failedPrecondition("ingest ref \"" + ref + "\" is closed");
        }
    }

    /** Releases the ref; the ingest stays on disk for a later stream to resume. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            data.close();
        } finally {
            release.run();
        }
    }
}
