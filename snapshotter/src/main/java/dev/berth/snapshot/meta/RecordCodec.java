package dev.berth.snapshot.meta;

import dev.berth.snapshot.fs.DiskUsage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small versioned binary encoding of {@link SnapshotRecord} values (the key is part of the RocksDB key).
 * Version 2 appends the usage recorded at commit; version 1 records (without it) are still read.
 */
final class RecordCodec {
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_USAGE = 1;

    private RecordCodec() {}

    static byte[] encode(SnapshotRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(record.id());
            out.writeByte(record.kind().ordinal());
            writeString(out, record.parent());
            out.writeInt(record.parentIds().size());
            for (long parentId : record.parentIds()) {
                out.writeLong(parentId);
            }
            writeInstant(out, record.created());
            writeInstant(out, record.updated());
            out.writeInt(record.labels().size());
            for (Map.Entry<String, String> label : new TreeMap<>(record.labels()).entrySet()) {
                writeString(out, label.getKey());
                writeString(out, label.getValue());
            }
            out.writeBoolean(record.usage() != null);
            if (record.usage() != null) {
                out.writeLong(record.usage().size());
                out.writeLong(record.usage().inodes());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SnapshotRecord decode(String key, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != VERSION_WITHOUT_USAGE) {
                throw new IllegalStateException("snapshot record " + key + " has unknown version " + version);
            }
            long id = in.readLong();
            SnapshotKind kind = SnapshotKind.values()[in.readUnsignedByte()];
            String parent = readString(in);
            int parents = in.readInt();
            List<Long> parentIds = new ArrayList<>(parents);
            for (int i = 0; i < parents; i++) {
                parentIds.add(in.readLong());
            }
            Instant created = readInstant(in);
            Instant updated = readInstant(in);
            int labelCount = in.readInt();
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < labelCount; i++) {
                labels.put(readString(in), readString(in));
            }
            DiskUsage.Usage usage = null;
            if (version >= VERSION && in.readBoolean()) {
                usage = new DiskUsage.Usage(in.readLong(), in.readLong());
            }
            return new SnapshotRecord(key, id, kind, parent, parentIds, labels, created, updated, usage);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt snapshot record " + key, e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
