package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ListContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.StatusRequest;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.Image;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store closed (or killed) and reopened on the same root keeps what was committed and every ingest. */
class RecoveryTest {
    @TempDir
    Path dir;

    private static byte[] read(StoreFixture store, String digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.content().read(ReadContentRequest.newBuilder().setDigest(digest).build())
                .forEachRemaining(chunk -> out.writeBytes(chunk.getData().toByteArray()));
        return out.toByteArray();
    }

    private static Info info(StoreFixture store, String digest) {
        return store.content().info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo();
    }

    @Test
    void committedBlobsImagesAndIngestsSurviveReopening() throws Exception {
        byte[] blob = ContentServiceTest.bytes(5000, 1);
        Info committed;
        Image image = ImagesServiceTest.image("busybox:latest", ImagesServiceTest.target("index", ImagesServiceTest.INDEX),
                Map.of("l", "v"));
        try (StoreFixture store = StoreFixture.open(dir)) {
            committed = ContentServiceTest.commit(store, "blob", blob, Map.of("label", "kept"));
            store.images().create(CreateImageRequest.newBuilder().setImage(image).build());
            store.images("other").create(CreateImageRequest.newBuilder()
                    .setImage(image.toBuilder().setName("only-in-other")).build());
            Writer pending = store.writer();
            pending.stat("pending");
            pending.write("pending", 0, "partial".getBytes(StandardCharsets.UTF_8));
            pending.close();
        }
        try (StoreFixture store = StoreFixture.open(dir)) {
            assertEquals(committed, info(store, committed.getDigest()));
            assertArrayEquals(blob, read(store, committed.getDigest()));
            Image reread = store.images().get(GetImageRequest.newBuilder().setName("busybox:latest").build()).getImage();
            assertEquals(image.getTarget(), reread.getTarget());
            assertEquals(image.getLabelsMap(), reread.getLabelsMap());
            assertEquals("only-in-other", store.images("other")
                    .get(GetImageRequest.newBuilder().setName("only-in-other").build()).getImage().getName());
            assertEquals(7, store.content().status(StatusRequest.newBuilder().setRef("pending").build()).getStatus().getOffset());
        }
    }

    @Test
    void anIngestLeftOpenIsResumableAfterReopening() throws Exception {
        byte[] data = ContentServiceTest.bytes(300_000, 2);
        int half = 123_457;
        try (StoreFixture store = StoreFixture.open(dir)) {
            Writer abandoned = store.writer();
            abandoned.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("unclean")
                    .setTotal(data.length).setExpected(Digest.of(data).toString()).build());
            abandoned.write("unclean", 0, Arrays.copyOfRange(data, 0, half));
            // the stream is never closed: the store goes down under it
        }
        // a crash in the middle of rewriting the ingest's metadata leaves a temporary file behind
        try (var ingests = Files.list(dir.resolve("root/ingest"))) {
            Path ingest = ingests.findFirst().orElseThrow();
            Files.writeString(ingest.resolve("meta.tmp"), "half-written");
        }
        try (StoreFixture store = StoreFixture.open(dir)) {
            Writer resumed = store.writer();
            WriteContentResponse stat = resumed.stat("unclean");
            assertEquals(half, stat.getOffset());
            assertEquals(data.length, stat.getTotal());
            resumed.write("unclean", half, Arrays.copyOfRange(data, half, data.length));
            // total and expected digest announced before the restart still hold
            WriteContentResponse done = resumed.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT)
                    .setRef("unclean").setOffset(data.length).build());
            assertEquals(Digest.of(data).toString(), done.getDigest());
            resumed.close();
            assertArrayEquals(data, read(store, Digest.of(data).toString()));
        }
    }

    @Test
    void crashLeftoversAreReconciledAtStartup() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            ContentServiceTest.commit(store, "registered", "registered".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        Path blobs = dir.resolve("root/blobs/sha256");
        Path ingest = dir.resolve("root/ingest");
        // killed between rename and metadata write: the file is there, no namespace's record is
        // (the client never got a success, so the file is garbage)
        byte[] renamed = "renamed but not registered".getBytes(StandardCharsets.UTF_8);
        Files.write(blobs.resolve(Digest.of(renamed).hex()), renamed);
        // a blob file whose bytes do not match its name (torn or tampered)
        Path corrupt = blobs.resolve(Digest.of("what it should be".getBytes(StandardCharsets.UTF_8)).hex());
        Files.writeString(corrupt, "what it is");
        Path strayBlob = Files.writeString(blobs.resolve("something.tmp"), "stray");
        Path strayIngest = Files.createDirectories(ingest.resolve(".tmp-12345"));
        Files.writeString(strayIngest.resolve("data"), "stray");
        // an ingest whose data was renamed into place just before the crash
        Path committedIngest = Files.createDirectories(ingest.resolve(Digest.of("gone".getBytes(StandardCharsets.UTF_8)).hex()));
        Files.writeString(committedIngest.resolve("ref"), "gone");

        try (StoreFixture store = StoreFixture.open(dir)) {
            assertFalse(Files.exists(blobs.resolve(Digest.of(renamed).hex())));
            assertFalse(Files.exists(corrupt));
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                    () -> info(store, "sha256:" + corrupt.getFileName()));
            assertEquals(Code.NOT_FOUND, error.getStatus().getCode());
            assertFalse(Files.exists(strayBlob));
            assertFalse(Files.exists(strayIngest));
            assertFalse(Files.exists(committedIngest));
            long count = 0;
            for (var it = store.content().list(ListContentRequest.getDefaultInstance()); it.hasNext(); ) {
                count += it.next().getInfoCount();
            }
            assertEquals(1, count);
        }
        // a record whose file was removed behind the store's back is dropped
        byte[] removed = "removed behind its back".getBytes(StandardCharsets.UTF_8);
        try (StoreFixture store = StoreFixture.open(dir)) {
            ContentServiceTest.commit(store, "removed", removed, Map.of());
        }
        Files.delete(blobs.resolve(Digest.of(removed).hex()));
        try (StoreFixture store = StoreFixture.open(dir)) {
            assertThrows(StatusRuntimeException.class, () -> info(store, Digest.of(removed).toString()));
            assertTrue(info(store, Digest.of("registered".getBytes(StandardCharsets.UTF_8)).toString()).getSize() > 0);
        }
    }
}
