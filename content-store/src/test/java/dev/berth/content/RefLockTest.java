package dev.berth.content;

import static dev.berth.content.TestBlobs.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.StatusRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per ingest ref, as containerd's ref locks: refused at once, released when a stream ends. */
class RefLockTest {
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

    private static byte[] bytes(int size, long seed) {
        return ContentServiceTest.bytes(size, seed);
    }

    @Test
    void aSecondStreamOnABusyRefIsRefused() throws Exception {
        Writer first = store.writer();
        first.stat("busy");
        Writer second = store.writer();
        long began = System.nanoTime();
        StatusRuntimeException locked = assertThrows(StatusRuntimeException.class, () -> second.stat("busy"));
        assertEquals(Code.UNAVAILABLE, locked.getStatus().getCode());
        // containerd's words, at once: "ref busy locked for 1.2ms (since 2026-...): unavailable"
        assertTrue(locked.getStatus().getDescription().matches("ref busy locked for [0-9.]+(ns|µs|ms|s) \\(since \\d{4}-.*\\): unavailable"),
                locked.getStatus().getDescription());
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "the second writer waited");
        first.close();
    }

    @Test
    void aCancelledStreamReleasesItsRefAndKeepsWhatItWrote() throws Exception {
        Writer first = store.writer();
        first.stat("cancelled");
        first.write("cancelled", 0, bytes(1000, 3));
        first.cancel();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Writer next = store.writer();
            try {
                assertEquals(1000, next.stat("cancelled").getOffset());
                next.close();
                return;
            } catch (StatusRuntimeException e) {
                // the server learns of the cancellation a moment later; until then the ref is locked
                assertEquals(Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
                assertTrue(System.nanoTime() < deadline, "the ref stayed locked after its stream was cancelled");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void abortRightAfterTheStreamIsCancelledWaitsForItsRef() throws Exception {
        Writer writer = store.writer();
        writer.stat("quick");
        writer.write("quick", 0, bytes(10, 1));
        writer.cancel();
        content.abort(AbortRequest.newBuilder().setRef("quick").build());
        assertCode(Code.NOT_FOUND, () -> content.status(StatusRequest.newBuilder().setRef("quick").build()));
    }
}
