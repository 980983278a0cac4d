package dev.berth.content.blob;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.LabelUpdate;
import dev.berth.content.Labels;
import dev.berth.content.StoreException;
import dev.berth.content.Timestamps;
import dev.berth.content.store.MetadataDb.Table;
import dev.berth.content.store.MetadataDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed blobs: files at {@code <root>/blobs/sha256/<hex>} and their metadata (an {@link Info})
 * in RocksDB. A blob is visible only once its metadata is written, which is the last step of a
 * commit. Blobs are shared by all namespaces.
 */
public final class BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);

    private final Path dir;
    private final MetadataDb db;
    /** Serializes the short check-rename-register step of commits with deletes and label updates. */
    private final Object commitLock = new Object();

    public BlobStore(Path root, MetadataDb db) throws IOException {
        this.dir = root.resolve("blobs").resolve(Digest.ALGORITHM);
        this.db = db;
        Files.createDirectories(dir);
    }

    /** The file of a blob; {@link Digest} guarantees the name stays inside the blob directory. */
    public Path pathOf(Digest digest) {
        return dir.resolve(digest.hex());
    }

    public boolean exists(Digest digest) {
        return db.get(Table.BLOBS, key(digest)) != null;
    }

    public Info info(Digest digest) {
        byte[] value = db.get(Table.BLOBS, key(digest));
        if (value == null) {
            throw StoreException.notFound("content digest " + digest);
        }
        return decode(value);
    }

    public void forEach(Consumer<Info> visitor) {
        db.scan(Table.BLOBS, new byte[0], (k, v) -> visitor.accept(decode(v)));
    }

    /**
     * Replaces the labels named by {@code paths} ({@code labels} or {@code labels.<key>}), or all
     * labels when no path is given, as containerd does. Labels with an empty value are removed.
     */
    public Info updateLabels(Digest digest, Map<String, String> labels, List<String> paths) {
        Labels.validate(labels);
        synchronized (commitLock) {
            Info current = info(digest);
            Map<String, String> updated = LabelUpdate.apply(current.getLabelsMap(), labels, paths,
                    path -> "cannot update \"" + path + "\" field on content info \"" + digest + "\"");
            Info info = current.toBuilder().clearLabels().putAllLabels(updated).setUpdatedAt(Timestamps.now()).build();
            db.put(Table.BLOBS, key(digest), info.toByteArray());
            return info;
        }
    }

    /** Opens a committed blob for reading; the channel stays readable even if the blob is deleted meanwhile. */
    public FileChannel open(Digest digest) throws IOException {
        info(digest);
        try {
            return FileChannel.open(pathOf(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw StoreException.notFound("content digest " + digest);
        }
    }

    /**
     * Removes the file first and makes that durable, then the metadata: a crash in between leaves
     * metadata without a file, which startup drops, never a file without metadata, which startup
     * would register again and so bring a deleted blob back.
     */
    public void delete(Digest digest) throws IOException {
        synchronized (commitLock) {
            info(digest);
            Files.deleteIfExists(pathOf(digest));
            DurableFiles.fsyncDirectory(dir);
            db.delete(Table.BLOBS, key(digest));
        }
    }

    /**
     * Makes {@code file} (already fsynced, its digest and size verified by the caller) the blob
     * {@code digest}: rename into place, fsync the directory, then register its metadata.
     */
    public Info commit(Path file, Digest digest, long size, Map<String, String> labels) throws IOException {
        Labels.validate(labels);
        synchronized (commitLock) {
            if (exists(digest)) {
                throw alreadyExists(digest);
            }
            Files.move(file, pathOf(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.fsyncDirectory(dir);
            return register(digest, size, Instant.now(), labels);
        }
    }

    public static StoreException alreadyExists(Digest digest) {
        return StoreException.alreadyExists("content " + digest);
    }

    private Info register(Digest digest, long size, Instant createdAt, Map<String, String> labels) {
        Info info = Info.newBuilder()
                .setDigest(digest.toString())
                .setSize(size)
                .setCreatedAt(Timestamps.of(createdAt))
                .setUpdatedAt(Timestamps.of(createdAt))
                .putAllLabels(labels)
                .build();
        db.put(Table.BLOBS, key(digest), info.toByteArray());
        return info;
    }

    /**
     * Brings files and metadata back in line after a crash: stray files (not named by a digest)
     * are removed; a blob file without metadata (killed between rename and metadata write) is
     * re-registered if its bytes still hash to its name, otherwise removed; metadata whose file
     * is gone is dropped.
     */
    public void recover() throws IOException {
        List<Path> unregistered = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!Digest.isHex(name) || !Files.isRegularFile(file)) {
                    LOG.info("removing stray file {}", file);
                    DurableFiles.deleteTree(file);
                } else if (!exists(new Digest(name))) {
                    unregistered.add(file);
                }
            }
        }
        for (Path file : unregistered) {
            Digest digest = new Digest(file.getFileName().toString());
            if (digest.equals(hash(file))) {
                LOG.info("re-registering blob {} whose metadata was not written before a crash", digest);
                register(digest, Files.size(file), Files.getLastModifiedTime(file).toInstant(), Map.of());
            } else {
                LOG.warn("removing blob file {} whose content does not match its name", file);
                Files.delete(file);
            }
        }
        List<byte[]> orphaned = new ArrayList<>();
        db.scan(Table.BLOBS, new byte[0], (k, v) -> {
            if (!Files.isRegularFile(dir.resolve(new String(k, StandardCharsets.UTF_8)))) {
                orphaned.add(k);
            }
        });
        for (byte[] key : orphaned) {
            LOG.warn("dropping metadata of missing blob {}:{}", Digest.ALGORITHM, new String(key, StandardCharsets.UTF_8));
            db.delete(Table.BLOBS, key);
        }
        DurableFiles.fsyncDirectory(dir);
    }

    static Digest hash(Path file) throws IOException {
        MessageDigest sha256 = Digest.newHasher();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return Digest.of(sha256);
    }

    /** Keys are the hex part only: every blob is sha256. */
    private static byte[] key(Digest digest) {
        return digest.hex().getBytes(StandardCharsets.UTF_8);
    }

    private static Info decode(byte[] value) {
        try {
            return Info.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt blob metadata: " + e.getMessage(), e);
        }
    }
}
