package dev.berth.content.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.berth.api.containerd.content.v1.Status;
import dev.berth.common.fs.DurableFiles;
import dev.berth.content.Digest;
import dev.berth.content.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ingest on disk, {@code <root>/ingest/<sha256 of ref>/}: {@code data} (the bytes so far),
 * {@code ref} (the client's ref, verbatim) and {@code meta} (a serialized {@link Status} holding
 * started_at, total and expected). The offset is the size of {@code data}; updated_at is its
 * modification time, so a write needs no metadata update.
 */
record IngestDir(Path path) {
    static final String DATA = "data";
    static final String REF = "ref";
    static final String META = "meta";

    /** The directory of {@code ref} under {@code ingestRoot}: refs are hashed, never used as path components. */
    static IngestDir of(Path ingestRoot, String ref) {
        return new IngestDir(ingestRoot.resolve(Digest.of(ref.getBytes(StandardCharsets.UTF_8)).hex()));
    }

    Path data() {
        return path.resolve(DATA);
    }

    Path refFile() {
        return path.resolve(REF);
    }

    Path metaFile() {
        return path.resolve(META);
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    /** Complete means created by {@link #create} and not yet committed: all three files are there. */
    boolean isComplete() {
        return Files.isRegularFile(data()) && Files.isRegularFile(refFile()) && Files.isRegularFile(metaFile());
    }

    /** Makes a fresh ingest under a temporary name and renames it into place, so it appears whole or not at all. */
    static IngestDir create(Path ingestRoot, String ref, Status meta) throws IOException {
        IngestDir target = of(ingestRoot, ref);
        Path temp = Files.createTempDirectory(ingestRoot, Ingests.TEMP_PREFIX);
        try {
            DurableFiles.write(temp.resolve(DATA), new byte[0]);
            DurableFiles.write(temp.resolve(REF), ref.getBytes(StandardCharsets.UTF_8));
            DurableFiles.write(temp.resolve(META), meta.toByteArray());
            DurableFiles.fsyncDirectory(temp);
            Files.move(temp, target.path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.fsyncDirectory(ingestRoot);
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteTree(temp);
            throw e;
        }
        return target;
    }

    String readRef() throws IOException {
        return Files.readString(refFile(), StandardCharsets.UTF_8);
    }

    Status readMeta() throws IOException {
        try {
            return Status.parseFrom(Files.readAllBytes(metaFile()));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("corrupt ingest metadata in " + path + ": " + e.getMessage(), e);
        }
    }

    void writeMeta(Status meta) throws IOException {
        DurableFiles.replace(metaFile(), meta.toByteArray());
    }

    /** The client-visible status: ref, offset, total, expected, started_at, updated_at. */
    Status status() throws IOException {
        Status meta = readMeta();
        return meta.toBuilder()
                .setRef(readRef())
                .setOffset(Files.size(data()))
                .setUpdatedAt(Timestamps.of(Files.getLastModifiedTime(data()).toInstant()))
                .build();
    }
}
