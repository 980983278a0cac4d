package dev.berth.snapshot.meta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Snapshot metadata in RocksDB, keyed by namespace and snapshot key as containerd's metastore is.
 *
 * <p>Layout (NUL separates parts; keys and namespaces never contain NUL):
 * <ul>
 *   <li>{@code last-id} the last id handed out (8 bytes, big endian)</li>
 *   <li>{@code s\0<namespace>\0<key>} a {@link SnapshotRecord}</li>
 *   <li>{@code c\0<namespace>\0<parent key>\0<child key>} an empty value: the child index</li>
 * </ul>
 * Every change is one {@link Batch} written with sync, so a crash keeps or drops it whole.
 */
public final class MetaStore implements AutoCloseable {
    private static final byte[] LAST_ID = bytes("last-id");
    private static final String SNAPSHOT = "s\0";
    private static final String CHILD = "c\0";

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;

    private MetaStore(Options options, RocksDB db) {
        this.options = options;
        this.db = db;
        this.syncWrites = new WriteOptions().setSync(true);
    }

    public static MetaStore open(Path dir) throws Exception {
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new MetaStore(options, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            throw e;
        }
    }

    public Optional<SnapshotRecord> get(String namespace, String key) throws RocksDBException {
        byte[] value = db.get(snapshotKey(namespace, key));
        return value == null ? Optional.empty() : Optional.of(RecordCodec.decode(key, value));
    }

    public boolean hasChildren(String namespace, String key) {
        return !scan(bytes(CHILD + namespace + "\0" + key + "\0"), 1).isEmpty();
    }

    /** All snapshots of a namespace, ordered by key. */
    public List<SnapshotRecord> list(String namespace) {
        byte[] prefix = bytes(SNAPSHOT + namespace + "\0");
        List<SnapshotRecord> records = new ArrayList<>();
        for (byte[][] entry : scan(prefix, Integer.MAX_VALUE)) {
            String key = new String(entry[0], prefix.length, entry[0].length - prefix.length, StandardCharsets.UTF_8);
            records.add(RecordCodec.decode(key, entry[1]));
        }
        return records;
    }

    /** The ids of every snapshot in every namespace: the directories that must be kept. */
    public Set<Long> referencedIds() {
        Set<Long> ids = new HashSet<>();
        for (byte[][] entry : scan(bytes(SNAPSHOT), Integer.MAX_VALUE)) {
            String key = new String(entry[0], StandardCharsets.UTF_8);
            ids.add(RecordCodec.decode(key, entry[1]).id());
        }
        return ids;
    }

    public long lastId() throws RocksDBException {
        byte[] value = db.get(LAST_ID);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    public Batch batch() {
        return new Batch();
    }

    public void write(Batch batch) throws RocksDBException {
        db.write(syncWrites, batch.writes);
    }

    @Override
    public void close() {
        syncWrites.close();
        db.close();
        options.close();
    }

    private List<byte[][]> scan(byte[] prefix, int limit) {
        List<byte[][]> entries = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && entries.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                entries.add(new byte[][] {key, it.value()});
            }
        }
        return entries;
    }

    private static byte[] snapshotKey(String namespace, String key) {
        return bytes(SNAPSHOT + namespace + "\0" + key);
    }

    private static byte[] childKey(String namespace, String parent, String child) {
        return bytes(CHILD + namespace + "\0" + parent + "\0" + child);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The metadata changes of one call, applied together by {@link #write}. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch writes = new WriteBatch();

        public Batch put(String namespace, SnapshotRecord record) throws RocksDBException {
            writes.put(snapshotKey(namespace, record.key()), RecordCodec.encode(record));
            return this;
        }

        public Batch delete(String namespace, String key) throws RocksDBException {
            writes.delete(snapshotKey(namespace, key));
            return this;
        }

        public Batch addChild(String namespace, String parent, String child) throws RocksDBException {
            writes.put(childKey(namespace, parent, child), new byte[0]);
            return this;
        }

        public Batch removeChild(String namespace, String parent, String child) throws RocksDBException {
            writes.delete(childKey(namespace, parent, child));
            return this;
        }

        public Batch setLastId(long id) throws RocksDBException {
            writes.put(LAST_ID, ByteBuffer.allocate(Long.BYTES).putLong(id).array());
            return this;
        }

        @Override
        public void close() {
            writes.close();
        }
    }
}
