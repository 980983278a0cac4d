package dev.berth.content;

import static dev.berth.content.TestBlobs.assertCode;
import static dev.berth.content.TestBlobs.commit;
import static dev.berth.content.TestBlobs.exists;
import static dev.berth.content.TestBlobs.list;
import static dev.berth.content.TestBlobs.read;
import static dev.berth.content.TestBlobs.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.DeleteContentRequest;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.MetadataDb.Table;
import io.grpc.Status.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blob records per containerd namespace over one shared file per digest. */
class NamespacesTest {
    @TempDir
    Path dir;

    @Test
    void aBlobIsVisibleOnlyInTheNamespaceThatCommittedIt() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            byte[] data = utf8("only in a");
            String digest = commit(store, "a", null, data, Map.of("x", "1"));
            ContentGrpc.ContentBlockingStub a = store.content("a");
            ContentGrpc.ContentBlockingStub b = store.content("b");
            assertArrayEquals(data, read(a, digest));
            assertEquals(List.of(digest), list(a));
            assertEquals(List.of(), list(b));
            assertFalse(exists(b, digest));
            assertCode(Code.NOT_FOUND, () -> read(b, digest));
            assertCode(Code.NOT_FOUND, () -> b.delete(DeleteContentRequest.newBuilder().setDigest(digest).build()));
            assertTrue(exists(a, digest), "a delete in another namespace must not touch it");
        }
    }

    @Test
    void theSameBytesInTwoNamespacesShareOneFileUntilTheLastRecordGoes() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            byte[] data = ContentServiceTest.bytes(100_000, 7);
            String digest = commit(store, "a", null, data, Map.of("in", "a"));
            Path file = store.root.resolve("blobs/sha256/" + Digest.parse(digest).hex());
            long inode = (long) Files.getAttribute(file, "unix:ino");
            // announced by expected: not ALREADY_EXISTS in b, where it was never committed
            String again = commit(store, "b", null, data, Map.of("in", "b"));
            assertEquals(digest, again);
            assertEquals(inode, (long) Files.getAttribute(file, "unix:ino"), "the file was rewritten");
            Info inB = store.content("b").info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo();
            assertEquals(Map.of("in", "b"), inB.getLabelsMap());
            try (var blobs = Files.list(file.getParent())) {
                assertEquals(1, blobs.count());
            }
            // a second commit in the same namespace is refused when the stream opens
            Writer writer = store.writer("b", null);
            assertCode(Code.ALREADY_EXISTS, () -> writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT)
                    .setRef("dup").setExpected(digest).build()));

            store.content("a").delete(DeleteContentRequest.newBuilder().setDigest(digest).build());
            assertFalse(exists(store.content("a"), digest));
            assertTrue(Files.exists(file), "b still refers to the file");
            assertArrayEquals(data, read(store.content("b"), digest));
            store.content("b").delete(DeleteContentRequest.newBuilder().setDigest(digest).build());
            assertFalse(Files.exists(file), "no namespace refers to the file any more");
        }
    }

    @Test
    void recordsFromBeforeNamespacesMoveToTheGatewaysNamespace() throws Exception {
        byte[] data = utf8("committed by an older berth-content");
        Digest digest = Digest.of(data);
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("blobs/sha256"));
        Files.write(root.resolve("blobs/sha256/" + digest.hex()), data);
        try (MetadataDb db = MetadataDb.open(root.resolve("meta"))) {
            Info legacy = Info.newBuilder().setDigest(digest.toString()).setSize(data.length).putLabels("old", "yes")
                    .setCreatedAt(Timestamps.now()).setUpdatedAt(Timestamps.now()).build();
            db.put(Table.BLOBS, digest.hex().getBytes(java.nio.charset.StandardCharsets.UTF_8), legacy.toByteArray());
        }
        for (int start = 0; start < 2; start++) {
            try (StoreFixture store = StoreFixture.open(dir)) {
                Info info = store.content("berth").info(InfoRequest.newBuilder().setDigest(digest.toString()).build()).getInfo();
                assertEquals(Map.of("old", "yes"), info.getLabelsMap());
                assertArrayEquals(data, read(store.content("berth"), digest.toString()));
                assertFalse(exists(store.content("default"), digest.toString()));
                assertCode(Code.NOT_FOUND, () -> store.content().read(ReadContentRequest.newBuilder()
                        .setDigest(digest.toString()).build()).hasNext());
            }
        }
    }
}
