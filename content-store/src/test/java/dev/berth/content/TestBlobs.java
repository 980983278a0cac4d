package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.InfoRequest;
import dev.berth.api.containerd.content.v1.ListContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Small client-side helpers shared by the namespace, lease and collection tests. */
final class TestBlobs {
    private TestBlobs() {}

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Commits {@code data} in {@code namespace} through one Write stream, under {@code lease} when not null. */
    static String commit(StoreFixture store, String namespace, String lease, byte[] data, Map<String, String> labels)
            throws Exception {
        String ref = "ref-" + Digest.of(data).hex().substring(0, 12) + "-" + System.nanoTime();
        Writer writer = store.writer(namespace, lease);
        writer.stat(ref);
        writer.write(ref, 0, data);
        String digest = writer.commit(ref, data.length, data.length, Digest.of(data).toString(), labels).getDigest();
        writer.close();
        return digest;
    }

    static byte[] read(ContentGrpc.ContentBlockingStub content, String digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.read(ReadContentRequest.newBuilder().setDigest(digest).build())
                .forEachRemaining(chunk -> out.writeBytes(chunk.getData().toByteArray()));
        return out.toByteArray();
    }

    static boolean exists(ContentGrpc.ContentBlockingStub content, String digest) {
        try {
            content.info(InfoRequest.newBuilder().setDigest(digest).build());
            return true;
        } catch (StatusRuntimeException e) {
            assertEquals(Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
            return false;
        }
    }

    static List<String> list(ContentGrpc.ContentBlockingStub content) {
        List<String> digests = new ArrayList<>();
        content.list(ListContentRequest.getDefaultInstance())
                .forEachRemaining(response -> response.getInfoList().forEach(info -> digests.add(info.getDigest())));
        return digests;
    }

    static StatusRuntimeException assertCode(Code code, Executable call) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, error.getStatus().getCode(), error.getStatus().toString());
        return error;
    }
}
