package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.DeleteContentRequest;
import dev.berth.api.containerd.content.v1.Info;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ListContentRequest;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.content.v1.StatusRequest;
import dev.berth.api.containerd.content.v1.UpdateRequest;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ContentServiceTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private StoreFixture store;
    private ContentGrpc.ContentBlockingStub content;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixture.open(dir);
        content = store.content();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static Info commit(StoreFixture store, String ref, byte[] data, Map<String, String> labels) throws Exception {
        Writer writer = store.writer();
        assertEquals(0, writer.stat(ref).getOffset());
        writer.write(ref, 0, data);
        WriteContentResponse committed = writer.commit(ref, data.length, data.length, Digest.of(data).toString(), labels);
        assertEquals(Digest.of(data).toString(), committed.getDigest());
        assertEquals(data.length, committed.getOffset());
        writer.close();
        return store.content().info(InfoRequest.newBuilder().setDigest(committed.getDigest()).build()).getInfo();
    }

    private byte[] read(String digest, long offset, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<ReadContentResponse> chunks = content.read(
                ReadContentRequest.newBuilder().setDigest(digest).setOffset(offset).setSize(size).build());
        long expectedOffset = offset;
        while (chunks.hasNext()) {
            ReadContentResponse chunk = chunks.next();
            assertEquals(expectedOffset, chunk.getOffset());
            expectedOffset += chunk.getData().size();
            out.writeBytes(chunk.getData().toByteArray());
        }
        return out.toByteArray();
    }

    private static void assertCode(Code code, Executable call) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, error.getStatus().getCode(), error.getStatus().toString());
    }

    private List<Path> blobFiles() throws Exception {
        try (Stream<Path> files = Files.list(store.root.resolve("blobs/sha256"))) {
            return files.toList();
        }
    }

    @Test
    void writeCommitReadInfoRoundTrip() throws Exception {
        byte[] data = bytes(3 * MIB + 17, 1);
        Info info = commit(store, "layer-1", data, Map.of("containerd.io/gc.root", "yes"));

        String digest = Digest.of(data).toString();
        assertEquals(digest, info.getDigest());
        assertEquals(data.length, info.getSize());
        assertEquals(Map.of("containerd.io/gc.root", "yes"), info.getLabelsMap());
        assertTrue(info.getCreatedAt().getSeconds() > 0);
        assertArrayEquals(data, read(digest, 0, 0));
        assertArrayEquals(data, Files.readAllBytes(store.root.resolve("blobs/sha256").resolve(Digest.of(data).hex())));
        assertCode(Code.NOT_FOUND, () -> content.status(StatusRequest.newBuilder().setRef("layer-1").build()));
    }

    @Test
    void writeInSeveralChunksWithCommitCarryingTheLastOne() throws Exception {
        byte[] data = bytes(1000, 2);
        Writer writer = store.writer();
        writer.stat("chunks");
        assertEquals(400, writer.write("chunks", 0, java.util.Arrays.copyOfRange(data, 0, 400)).getOffset());
        assertEquals(800, writer.write("chunks", 400, java.util.Arrays.copyOfRange(data, 400, 800)).getOffset());
        WriteContentResponse committed = writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT)
                .setRef("chunks").setOffset(800).setTotal(1000).setExpected(Digest.of(data).toString())
                .setData(com.google.protobuf.ByteString.copyFrom(data, 800, 200)).build());
        assertEquals(1000, committed.getOffset());
        writer.close();
        assertArrayEquals(data, read(Digest.of(data).toString(), 0, 0));
    }

    @Test
    void commitWithWrongDigestIsRefusedAndNothingIsCommitted() throws Exception {
        byte[] data = "the real bytes".getBytes(StandardCharsets.UTF_8);
        String claimed = Digest.of("other bytes".getBytes(StandardCharsets.UTF_8)).toString();
        Writer writer = store.writer();
        writer.stat("bad-digest");
        writer.write("bad-digest", 0, data);
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> writer.commit("bad-digest", data.length, data.length, claimed, Map.of()));
        assertEquals(Code.FAILED_PRECONDITION, error.getStatus().getCode());
        assertEquals("unexpected commit digest " + Digest.of(data) + ", expected " + claimed + ": failed precondition",
                error.getStatus().getDescription());

        assertCode(Code.NOT_FOUND, () -> content.info(InfoRequest.newBuilder().setDigest(claimed).build()));
        assertCode(Code.NOT_FOUND, () -> content.info(InfoRequest.newBuilder().setDigest(Digest.of(data).toString()).build()));
        assertEquals(List.of(), blobFiles());
        // the failed ingest stays, resumable or abortable
        assertEquals(data.length, content.status(StatusRequest.newBuilder().setRef("bad-digest").build()).getStatus().getOffset());
    }

    @Test
    void expectedDigestAnnouncedInFirstMessageIsEnforcedAtCommit() throws Exception {
        byte[] data = bytes(100, 3);
        String claimed = Digest.of(bytes(100, 4)).toString();
        Writer writer = store.writer();
        writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("announced")
                .setTotal(100).setExpected(claimed).build());
        writer.write("announced", 0, data);
        assertCode(Code.FAILED_PRECONDITION, () -> writer.send(WriteContentRequest.newBuilder()
                .setAction(WriteAction.COMMIT).setRef("announced").setOffset(100).build()));
        assertEquals(List.of(), blobFiles());
    }

    @Test
    void commitWithWrongTotalIsRefused() throws Exception {
        byte[] data = bytes(64, 5);
        Writer writer = store.writer();
        writer.stat("short");
        writer.write("short", 0, data);
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> writer.commit("short", data.length, data.length + 1, Digest.of(data).toString(), Map.of()));
        assertEquals(Code.FAILED_PRECONDITION, error.getStatus().getCode());
        assertEquals("unexpected commit size 64, expected 65: failed precondition", error.getStatus().getDescription());
        assertCode(Code.NOT_FOUND, () -> content.info(InfoRequest.newBuilder().setDigest(Digest.of(data).toString()).build()));
        assertEquals(List.of(), blobFiles());
    }

    @Test
    void writeAtWrongOffsetIsRefused() throws Exception {
        Writer writer = store.writer();
        writer.stat("gap");
        writer.write("gap", 0, bytes(10, 6));
        assertCode(Code.OUT_OF_RANGE, () -> writer.write("gap", 20, bytes(10, 7)));
        assertEquals(10, content.status(StatusRequest.newBuilder().setRef("gap").build()).getStatus().getOffset());
    }

    @Test
    void writeAtOffsetZeroRestartsTheIngest() throws Exception {
        byte[] data = bytes(50, 8);
        Writer writer = store.writer();
        writer.stat("restart");
        writer.write("restart", 0, bytes(30, 9));
        assertEquals(50, writer.write("restart", 0, data).getOffset());
        writer.commit("restart", 50, 50, Digest.of(data).toString(), Map.of());
        writer.close();
        assertArrayEquals(data, read(Digest.of(data).toString(), 0, 0));
    }

    @Test
    void resumeByRefAfterClosingTheStreamHalfWay() throws Exception {
        byte[] data = bytes(2 * MIB, 10);
        int half = data.length / 2;
        Writer first = store.writer();
        first.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef("resume").setTotal(data.length).build());
        first.write("resume", 0, java.util.Arrays.copyOfRange(data, 0, half));
        first.close();

        dev.berth.api.containerd.content.v1.Status status =
                content.status(StatusRequest.newBuilder().setRef("resume").build()).getStatus();
        assertEquals(half, status.getOffset());
        assertEquals(data.length, status.getTotal());
        assertEquals("resume", status.getRef());

        Writer second = store.writer();
        WriteContentResponse stat = second.stat("resume");
        assertEquals(half, stat.getOffset());
        assertEquals(data.length, stat.getTotal());
        assertEquals(Digest.of(java.util.Arrays.copyOfRange(data, 0, half)).toString(), stat.getDigest());
        second.write("resume", stat.getOffset(), java.util.Arrays.copyOfRange(data, half, data.length));
        second.commit("resume", data.length, data.length, Digest.of(data).toString(), Map.of());
        second.close();
        assertArrayEquals(data, read(Digest.of(data).toString(), 0, 0));
    }

    @Test
    void abortRemovesTheIngest() throws Exception {
        Writer writer = store.writer();
        writer.stat("to-abort");
        writer.write("to-abort", 0, bytes(10, 11));
        writer.close();
        assertEquals(1, content.listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());

        content.abort(AbortRequest.newBuilder().setRef("to-abort").build());
        assertCode(Code.NOT_FOUND, () -> content.status(StatusRequest.newBuilder().setRef("to-abort").build()));
        assertEquals(0, content.listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());
        try (Stream<Path> ingests = Files.list(store.root.resolve("ingest"))) {
            assertEquals(0, ingests.count());
        }
        assertCode(Code.NOT_FOUND, () -> content.abort(AbortRequest.newBuilder().setRef("to-abort").build()));
        assertCode(Code.INVALID_ARGUMENT, () -> content.abort(AbortRequest.newBuilder().setRef("").build()));
    }

    @Test
    void refsNeverBecomePaths() throws Exception {
        Writer writer = store.writer();
        writer.stat("../../escape/attempt");
        writer.write("../../escape/attempt", 0, bytes(5, 12));
        writer.close();
        assertFalse(Files.exists(dir.resolve("escape")));
        assertFalse(Files.exists(store.root.resolve("escape")));
        assertEquals("../../escape/attempt", content.listStatuses(ListStatusesRequest.newBuilder()
                .addFilters("ref==\"../../escape/attempt\"").build()).getStatuses(0).getRef());
    }

    @Test
    void readWithOffsetAndSize() throws Exception {
        byte[] data = bytes(MIB + 100, 13);
        String digest = commit(store, "ranges", data, Map.of()).getDigest();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 10, 30), read(digest, 10, 20));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, data.length), read(digest, 1000, 0));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 5, data.length), read(digest, data.length - 5, 100));
        assertArrayEquals(new byte[0], read(digest, data.length, 0));
        assertCode(Code.OUT_OF_RANGE, () -> read(digest, data.length + 1, 0));
        assertCode(Code.INVALID_ARGUMENT, () -> read(digest, -1, 0));
        assertCode(Code.INVALID_ARGUMENT, () -> read(digest, 0, -1));
        assertCode(Code.NOT_FOUND, () -> read(Digest.of(bytes(1, 14)).toString(), 0, 0));
    }

    @Test
    void badDigestsAreInvalidArguments() {
        for (String bad : List.of("", "sha256:abc", "sha256:" + "A".repeat(64), "md5:" + "a".repeat(64), "a".repeat(64),
                "sha256:" + "a".repeat(63) + "/")) {
            assertCode(Code.INVALID_ARGUMENT, () -> content.info(InfoRequest.newBuilder().setDigest(bad).build()));
            assertCode(Code.INVALID_ARGUMENT, () -> content.delete(DeleteContentRequest.newBuilder().setDigest(bad).build()));
            assertCode(Code.INVALID_ARGUMENT, () -> read(bad, 0, 0));
        }
        Writer writer = store.writer();
        assertCode(Code.INVALID_ARGUMENT, () -> writer.send(WriteContentRequest.newBuilder()
                .setAction(WriteAction.STAT).setRef("x").setExpected("sha256:nothex").build()));
        Writer noRef = store.writer();
        assertCode(Code.INVALID_ARGUMENT, () -> noRef.stat(""));
    }

    @Test
    void deleteRemovesMetadataAndFile() throws Exception {
        byte[] data = bytes(10, 15);
        String digest = commit(store, "del", data, Map.of()).getDigest();
        content.delete(DeleteContentRequest.newBuilder().setDigest(digest).build());
        assertCode(Code.NOT_FOUND, () -> content.info(InfoRequest.newBuilder().setDigest(digest).build()));
        assertCode(Code.NOT_FOUND, () -> read(digest, 0, 0));
        assertEquals(List.of(), blobFiles());
        assertCode(Code.NOT_FOUND, () -> content.delete(DeleteContentRequest.newBuilder().setDigest(digest).build()));
        // deleted content can be written again
        commit(store, "del-again", data, Map.of());
    }

    @Test
    void listWithFilters() throws Exception {
        Info a = commit(store, "a", bytes(10, 16), Map.of("kind", "layer", "containerd.io/gc.ref.content", "x"));
        Info b = commit(store, "b", bytes(20, 17), Map.of("kind", "config"));
        Info c = commit(store, "c", bytes(30, 18), Map.of());

        assertEquals(sorted(a, b, c), list());
        assertEquals(List.of(b.getDigest()), list("digest==" + b.getDigest()));
        assertEquals(List.of(a.getDigest()), list("labels.kind==layer"));
        assertEquals(sorted(a, b), list("labels.kind"));
        assertEquals(List.of(a.getDigest()), list("labels.\"containerd.io/gc.ref.content\""));
        assertEquals(sorted(a, c), list("labels.kind==layer", "size==30"));
        assertEquals(List.of(), list("labels.kind==layer,size==30"));
        assertCode(Code.INVALID_ARGUMENT, () -> list("labels.kind=="));
        assertCode(Code.INVALID_ARGUMENT, () -> list("labels.\"unterminated"));
    }

    private static List<String> sorted(Info... infos) {
        return Stream.of(infos).map(Info::getDigest).sorted().toList();
    }

    private List<String> list(String... filters) {
        List<String> digests = new ArrayList<>();
        content.list(ListContentRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .forEachRemaining(response -> response.getInfoList().forEach(info -> digests.add(info.getDigest())));
        return digests.stream().sorted().toList();
    }

    @Test
    void duplicateCommitIsAlreadyExists() throws Exception {
        byte[] data = bytes(100, 19);
        String digest = commit(store, "first", data, Map.of()).getDigest();

        // announced up front: refused when the stream opens
        Writer early = store.writer();
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> early.send(WriteContentRequest
                .newBuilder().setAction(WriteAction.STAT).setRef("second").setExpected(digest).build()));
        assertEquals(Code.ALREADY_EXISTS, error.getStatus().getCode());
        assertEquals("content " + digest + ": already exists", error.getStatus().getDescription());

        // discovered at commit: refused, and the ingest is dropped
        Writer late = store.writer();
        late.stat("third");
        late.write("third", 0, data);
        assertCode(Code.ALREADY_EXISTS, () -> late.commit("third", 100, 100, "", Map.of()));
        assertCode(Code.NOT_FOUND, () -> content.status(StatusRequest.newBuilder().setRef("third").build()));
        assertEquals(1, blobFiles().size());
    }

    @Test
    void updateLabelsWithFieldMasks() throws Exception {
        String digest = commit(store, "labels", bytes(10, 20), Map.of("a", "1", "b", "2")).getDigest();
        Info replaced = content.update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest).putLabels("c", "3")).build()).getInfo();
        assertEquals(Map.of("c", "3"), replaced.getLabelsMap());

        Info one = content.update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest).putLabels("d", "4").putLabels("ignored", "x"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.d")).build()).getInfo();
        assertEquals(Map.of("c", "3", "d", "4"), one.getLabelsMap());

        Info removed = content.update(UpdateRequest.newBuilder().setInfo(Info.newBuilder().setDigest(digest))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.c")).build()).getInfo();
        assertEquals(Map.of("d", "4"), removed.getLabelsMap());
        assertEquals(Map.of("d", "4"), content.info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo().getLabelsMap());

        assertCode(Code.INVALID_ARGUMENT, () -> content.update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest).setSize(1))
                .setUpdateMask(FieldMask.newBuilder().addPaths("size")).build()));
        assertCode(Code.NOT_FOUND, () -> content.update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(Digest.of(bytes(1, 21)).toString())).build()));
    }

    @Test
    void concurrentCommitsOfTheSameContentYieldOneBlob() throws Exception {
        byte[] data = bytes(500_000, 22);
        List<java.util.concurrent.Future<Code>> results = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                String ref = "racer-" + i;
                results.add(pool.submit(() -> {
                    Writer writer = store.writer();
                    try {
                        writer.stat(ref);
                        writer.write(ref, 0, data);
                        writer.commit(ref, data.length, data.length, "", Map.of());
                        writer.close();
                        return Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
        }
        List<Code> codes = new ArrayList<>();
        for (var result : results) {
            codes.add(result.get());
        }
        assertEquals(1, codes.stream().filter(Code.OK::equals).count(), codes.toString());
        assertEquals(3, codes.stream().filter(Code.ALREADY_EXISTS::equals).count(), codes.toString());
        assertEquals(1, blobFiles().size());
        assertEquals(0, content.listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());
        assertArrayEquals(data, read(Digest.of(data).toString(), 0, 0));
    }
}
