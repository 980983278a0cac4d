package dev.berth.content;

import dev.berth.common.testing.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.StatusRequest;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real berth-content process: launched with its options, killed with SIGKILL, restarted. */
class ProcessTest {
    @TempDir
    Path dir;

    private ServiceProcess content;

    @BeforeEach
    void create() {
        content = ContentProcess.on(dir);
    }

    @AfterEach
    void stop() throws Exception {
        content.close();
    }

    private Path socket() {
        return content.socket();
    }

    private ManagedChannel start() throws Exception {
        return content.start("default");
    }

    @Test
    void keepsCommittedWritesAcrossSigkillAndStopsCleanlyOnSigterm() throws Exception {
        byte[] blob = ContentServiceTest.bytes(200_000, 42);
        ManagedChannel channel = start();
        try {
            Writer writer = new Writer(ContentGrpc.newStub(channel));
            writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef("layer")
                    .setTotal(blob.length).setExpected(Digest.of(blob).toString()).setData(ByteString.copyFrom(blob)).build());
            writer.close();
            ImagesGrpc.newBlockingStub(channel).create(CreateImageRequest.newBuilder().setImage(
                    ImagesServiceTest.image("busybox", ImagesServiceTest.target("index", ImagesServiceTest.INDEX), Map.of())).build());
            Writer partial = new Writer(ContentGrpc.newStub(channel));
            partial.stat("partial");
            partial.write("partial", 0, new byte[1234]);
            assertTrue(Files.exists(dir.resolve("run/content.pid")));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        content.kill();

        channel = start();
        try {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            ContentGrpc.newBlockingStub(channel).read(ReadContentRequest.newBuilder().setDigest(Digest.of(blob).toString()).build())
                    .forEachRemaining(chunk -> read.writeBytes(chunk.getData().toByteArray()));
            assertArrayEquals(blob, read.toByteArray());
            assertEquals(ImagesServiceTest.target("index", ImagesServiceTest.INDEX), ImagesGrpc.newBlockingStub(channel)
                    .get(GetImageRequest.newBuilder().setName("busybox").build()).getImage().getTarget());
            assertEquals(1234, ContentGrpc.newBlockingStub(channel)
                    .status(StatusRequest.newBuilder().setRef("partial").build()).getStatus().getOffset());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        content.process().destroy();
        assertTrue(content.process().waitFor(20, TimeUnit.SECONDS), "berth-content did not stop on SIGTERM");
        assertFalse(Files.exists(socket()), "socket left behind");
        assertFalse(Files.exists(dir.resolve("run/content.pid")), "pid file left behind");
    }
}
