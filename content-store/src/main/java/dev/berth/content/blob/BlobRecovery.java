package dev.berth.content.blob;

import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.store.Keys;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.MetadataDb.Table;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings blob files and records back in line at startup, after a crash or an upgrade:
 * <ul>
 * <li>records from before namespaces (keyed by hex only) move to {@link #LEGACY_NAMESPACE};
 * <li>files not named by a digest are removed;
 * <li>a file no namespace refers to is removed: it was being committed when the process died
 *     (the client never got a success) or deleted (the record went first);
 * <li>a record whose file is missing is dropped.
 * </ul>
 */
public final class BlobRecovery {
    /** The gateway's namespace, where the blobs of a store from before namespaces belong. */
    public static final String LEGACY_NAMESPACE = "berth";
    private static final Logger LOG = LoggerFactory.getLogger(BlobRecovery.class);

    private final BlobStore blobs;
    private final MetadataDb db;

    public BlobRecovery(BlobStore blobs, MetadataDb db) {
        this.blobs = blobs;
        this.db = db;
    }

    public void recover() throws IOException {
        migrateLegacyRecords();
        removeUnreferencedFiles();
        dropRecordsWithoutFiles();
        DurableFiles.fsyncDirectory(blobs.dir());
    }

    private void migrateLegacyRecords() {
        List<byte[]> legacy = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        db.scan(Table.BLOBS, new byte[0], (k, v) -> {
            if (Keys.split(k).size() == 1) {
                legacy.add(k);
                values.add(v);
            }
        });
        if (legacy.isEmpty()) {
            return;
        }
        db.write(batch -> {
            for (int i = 0; i < legacy.size(); i++) {
                batch.delete(Table.BLOBS, legacy.get(i));
                BlobStore.writeRecord(batch, LEGACY_NAMESPACE, BlobStore.decode(values.get(i)));
            }
        });
        LOG.info("moved {} blob records from before namespaces to namespace \"{}\"", legacy.size(), LEGACY_NAMESPACE);
    }

    private void removeUnreferencedFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs.dir())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!Digest.isHex(name) || !Files.isRegularFile(file)) {
                    LOG.info("removing stray file {}", file);
                    DurableFiles.deleteTree(file);
                } else if (!blobs.isReferenced(new Digest(name))) {
                    LOG.info("removing blob file {} that no namespace refers to (a commit or delete cut short)", file);
                    Files.delete(file);
                }
            }
        }
    }

    private void dropRecordsWithoutFiles() {
        List<byte[]> orphaned = new ArrayList<>();
        db.scan(Table.BLOBS, new byte[0], (k, v) -> {
            if (!Files.isRegularFile(blobs.dir().resolve(Keys.split(k).get(1)))) {
                orphaned.add(k);
            }
        });
        if (orphaned.isEmpty()) {
            return;
        }
        db.write(batch -> {
            for (byte[] key : orphaned) {
                List<String> parts = Keys.split(key);
                LOG.warn("dropping the record of missing blob {}:{} in namespace {}", Digest.ALGORITHM, parts.get(1), parts.get(0));
                batch.delete(Table.BLOBS, key);
                batch.delete(Table.BLOB_NAMESPACES, Keys.of(parts.get(1), parts.get(0)));
            }
        });
    }
}
