package dev.berth.snapshot.meta;

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

/** A small versioned binary encoding of {@link SnapshotRecord} values (the key is part of the RocksDB key). */
final class RecordCodec {
    private static final int VERSION = 1;

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
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SnapshotRecord decode(String key, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
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
            return new SnapshotRecord(key, id, kind, parent, parentIds, labels, created, updated);
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
