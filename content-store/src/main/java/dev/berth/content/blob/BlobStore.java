package dev.berth.content.blob;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.LabelUpdate;
import dev.berth.content.Labels;
import dev.berth.content.StoreException;
import dev.berth.content.Timestamps;
import dev.berth.content.store.Keys;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.MetadataDb.Table;
import dev.berth.content.store.ReferenceLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Committed blobs: one file per digest at {@code <root>/blobs/sha256/<hex>}, shared by all
 * namespaces, and one record (an {@link Info}) per namespace that has the blob, as containerd
 * keeps them. A blob is visible in a namespace only once its record is written, the last step of
 * a commit; its file goes when the last namespace's record goes.
 */
public final class BlobStore {
    private final Path dir;
    private final MetadataDb db;
    private final ReferenceLock references;
    /** Serializes the check-rename-register step of commits with deletes and label updates. */
    private final Object commitLock = new Object();

    public BlobStore(Path root, MetadataDb db, ReferenceLock references) throws IOException {
        this.dir = root.resolve("blobs").resolve(Digest.ALGORITHM);
        this.db = db;
        this.references = references;
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    /** The file of a blob; {@link Digest} guarantees the name stays inside the blob directory. */
    public Path pathOf(Digest digest) {
        return dir.resolve(digest.hex());
    }

    public boolean exists(String namespace, Digest digest) {
        return db.get(Table.BLOBS, key(namespace, digest)) != null;
    }

    public Info info(String namespace, Digest digest) {
        byte[] value = db.get(Table.BLOBS, key(namespace, digest));
        if (value == null) {
            throw notFound(digest);
        }
        return decode(value);
    }

    public void forEach(String namespace, Consumer<Info> visitor) {
        db.scan(Table.BLOBS, Keys.prefix(namespace), (k, v) -> visitor.accept(decode(v)));
    }

    /** The namespaces that hold at least one blob record. */
    public Set<String> namespaces() {
        Set<String> namespaces = new TreeSet<>();
        db.scan(Table.BLOBS, new byte[0], (k, v) -> namespaces.add(Keys.split(k).getFirst()));
        return namespaces;
    }

    /**
     * Replaces the labels named by {@code paths} ({@code labels} or {@code labels.<key>}), or all
     * labels when no path is given, as containerd does. Labels with an empty value are removed.
     */
    public Info updateLabels(String namespace, Digest digest, Map<String, String> labels, List<String> paths) {
        Labels.validate(labels);
        return references.changing(() -> {
            synchronized (commitLock) {
                Info current = info(namespace, digest);
                Map<String, String> updated = LabelUpdate.apply(current.getLabelsMap(), labels, paths,
                        path -> "cannot update \"" + path + "\" field on content info \"" + digest + "\"");
                Info info = current.toBuilder().clearLabels().putAllLabels(updated).setUpdatedAt(Timestamps.now()).build();
                db.put(Table.BLOBS, key(namespace, digest), info.toByteArray());
                return info;
            }
        });
    }

    /** Opens a committed blob for reading; the channel stays readable even if the blob is deleted meanwhile. */
    public FileChannel open(String namespace, Digest digest) throws IOException {
        info(namespace, digest);
        try {
            return FileChannel.open(pathOf(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        }
    }

    /**
     * Removes the namespace's record of {@code digest} (NOT_FOUND when it has none), and the file
     * if no namespace refers to it any more.
     */
    public void delete(String namespace, Digest digest) throws IOException {
        synchronized (commitLock) {
            info(namespace, digest);
            removeRecord(namespace, digest);
        }
    }

    /**
     * For garbage collection: removes the namespace's record of {@code digest} only if it was
     * created before {@code before}, so a blob committed while a collection runs is never taken.
     *
     * @return what was removed
     */
    public Collected collect(String namespace, Digest digest, Instant before) throws IOException {
        synchronized (commitLock) {
            byte[] value = db.get(Table.BLOBS, key(namespace, digest));
            if (value == null || !createdBefore(decode(value), before)) {
                return Collected.NOTHING;
            }
            return removeRecord(namespace, digest) ? Collected.RECORD_AND_FILE : Collected.RECORD;
        }
    }

    /** What {@link #collect} removed. */
    public enum Collected { NOTHING, RECORD, RECORD_AND_FILE }

    private static boolean createdBefore(Info info, Instant instant) {
        Instant created = Instant.ofEpochSecond(info.getCreatedAt().getSeconds(), info.getCreatedAt().getNanos());
        return created.isBefore(instant);
    }

    /**
     * The record goes first, then the file: a crash in between leaves a file no namespace refers
     * to, which startup removes; never a record without its file.
     */
    private boolean removeRecord(String namespace, Digest digest) throws IOException {
        db.write(batch -> {
            batch.delete(Table.BLOBS, key(namespace, digest));
            batch.delete(Table.BLOB_NAMESPACES, Keys.of(digest.hex(), namespace));
        });
        if (!isReferenced(digest)) {
            Files.deleteIfExists(pathOf(digest));
            DurableFiles.fsyncDirectory(dir);
            return true;
        }
        return false;
    }

    /** True when some namespace has a record of {@code digest}. */
    boolean isReferenced(Digest digest) {
        boolean[] found = {false};
        db.scan(Table.BLOB_NAMESPACES, Keys.prefix(digest.hex()), (k, v) -> found[0] = true);
        return found[0];
    }

    /**
     * Makes {@code file} (already fsynced, its digest and size verified by the caller) the blob
     * {@code digest} in {@code namespace}: rename into place and fsync the directory (or, when
     * another namespace has the same bytes already, drop {@code file} and only add the record),
     * then write the record together with {@code alsoWrite} (a lease entry) in one batch.
     */
    public Info commit(String namespace, Path file, Digest digest, long size, Map<String, String> labels,
            Consumer<MetadataDb.Batch> alsoWrite) throws IOException {
        Labels.validate(labels);
        return references.changing(() -> {
            synchronized (commitLock) {
                if (exists(namespace, digest)) {
                    throw alreadyExists(digest);
                }
                if (isReferenced(digest) && Files.isRegularFile(pathOf(digest))) {
                    Files.delete(file);
                } else {
                    Files.move(file, pathOf(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    DurableFiles.fsyncDirectory(dir);
                }
                Info info = newInfo(digest, size, Instant.now(), labels);
                db.write(batch -> {
                    writeRecord(batch, namespace, info);
                    alsoWrite.accept(batch);
                });
                return info;
            }
        });
    }

    static Info newInfo(Digest digest, long size, Instant createdAt, Map<String, String> labels) {
        return Info.newBuilder()
                .setDigest(digest.toString())
                .setSize(size)
                .setCreatedAt(Timestamps.of(createdAt))
                .setUpdatedAt(Timestamps.of(createdAt))
                .putAllLabels(labels)
                .build();
    }

    /** A record and its entry in the index of namespaces per blob, always written together. */
    static void writeRecord(MetadataDb.Batch batch, String namespace, Info info) {
        Digest digest = Digest.parse(info.getDigest());
        batch.put(Table.BLOBS, key(namespace, digest), info.toByteArray());
        batch.put(Table.BLOB_NAMESPACES, Keys.of(digest.hex(), namespace), new byte[0]);
    }

    public static StoreException alreadyExists(Digest digest) {
        return StoreException.alreadyExists("content " + digest);
    }

    private static StoreException notFound(Digest digest) {
        return StoreException.notFound("content digest " + digest);
    }

    static byte[] key(String namespace, Digest digest) {
        return Keys.of(namespace, digest.hex());
    }

    static Info decode(byte[] value) {
        try {
            return Info.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt blob metadata: " + e.getMessage(), e);
        }
    }
}
