package dev.berth.content.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The content store's RocksDB at {@code <root>/meta}: one column family per {@link Table}. Every
 * change is one synced WriteBatch, so a SIGKILL never leaves half of a change behind.
 */
public final class MetadataDb implements AutoCloseable {
    public enum Table {
        /** {@code <namespace> NUL <hex>} -> content.v1.Info (before namespaces: {@code <hex>}, migrated at startup). */
        BLOBS("blobs"),
        /** {@code <hex> NUL <namespace>} -> empty: which namespaces refer to a blob file. */
        BLOB_NAMESPACES("blob-namespaces"),
        /** {@code <namespace> NUL <name>} -> images.v1.Image. */
        IMAGES("images"),
        /** {@code <namespace> NUL <id>} -> leases.v1.Lease. */
        LEASES("leases"),
        /** {@code <namespace> NUL <lease> NUL <type> NUL <resource id>} -> empty. */
        LEASE_RESOURCES("lease-resources");

        private final String family;

        Table(String family) {
            this.family = family;
        }
    }

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions options;
    private final WriteOptions syncWrites;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    /** Calls still running when the service shuts down must not touch a closed (freed) database. */
    private final java.util.concurrent.locks.ReadWriteLock closing = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private MetadataDb(DBOptions options, WriteOptions syncWrites, List<ColumnFamilyHandle> handles, RocksDB db) {
        this.options = options;
        this.syncWrites = syncWrites;
        this.handles = handles;
        this.db = db;
    }

    public static MetadataDb open(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (Table table : Table.values()) {
            families.add(new ColumnFamilyDescriptor(table.family.getBytes(StandardCharsets.UTF_8)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), families, handles);
            return new MetadataDb(options, new WriteOptions().setSync(true), handles, db);
        } catch (RocksDBException e) {
            options.close();
            throw new java.io.IOException("cannot open metadata database " + dir + ": " + e.getMessage(), e);
        }
    }

    private ColumnFamilyHandle handle(Table table) {
        return handles.get(table.ordinal() + 1);
    }

    public byte[] get(Table table, byte[] key) {
        enter();
        try {
            return db.get(handle(table), key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("metadata read failed: " + e.getMessage(), e);
        } finally {
            leave();
        }
    }

    public void put(Table table, byte[] key, byte[] value) {
        enter();
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(handle(table), key, value);
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("metadata write failed: " + e.getMessage(), e);
        } finally {
            leave();
        }
    }

    /** The changes of one {@link #write} call, applied together or not at all. */
    public final class Batch {
        private final WriteBatch batch;

        private Batch(WriteBatch batch) {
            this.batch = batch;
        }

        public void put(Table table, byte[] key, byte[] value) {
            try {
                batch.put(handle(table), key, value);
            } catch (RocksDBException e) {
                throw new IllegalStateException("metadata write failed: " + e.getMessage(), e);
            }
        }

        public void delete(Table table, byte[] key) {
            try {
                batch.delete(handle(table), key);
            } catch (RocksDBException e) {
                throw new IllegalStateException("metadata write failed: " + e.getMessage(), e);
            }
        }
    }

    /** Applies the changes {@code changes} makes to a batch in one synced write. */
    public void write(java.util.function.Consumer<Batch> changes) {
        enter();
        try (WriteBatch batch = new WriteBatch()) {
            changes.accept(new Batch(batch));
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("metadata write failed: " + e.getMessage(), e);
        } finally {
            leave();
        }
    }

    public void delete(Table table, byte[] key) {
        enter();
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(handle(table), key);
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("metadata write failed: " + e.getMessage(), e);
        } finally {
            leave();
        }
    }

    /** Calls {@code visitor} for every entry whose key starts with {@code prefix}, in key order. */
    public void scan(Table table, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        enter();
        try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(handle(table), read)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                visitor.accept(it.key(), it.value());
            }
        } finally {
            leave();
        }
    }

    private void enter() {
        closing.readLock().lock();
        if (closed) {
            closing.readLock().unlock();
            throw new IllegalStateException("metadata database is closed");
        }
    }

    private void leave() {
        closing.readLock().unlock();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        syncWrites.close();
        options.close();
    }
}
