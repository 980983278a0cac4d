package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotResponse;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer busybox image made without the image domain: the layer tar is written to the
 * content store, applied into a snapshot by the Diff service and committed under its chain id.
 */
final class BusyboxImage implements ImageService {
    static final String NAME = "busybox:it";
    private final Image image;

    BusyboxImage(ServiceClients clients) throws Exception {
        byte[] layer = layerTar();
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        write(clients, digest, layer);
        String extractKey = "extract-" + System.nanoTime();
        PrepareSnapshotResponse prepared = clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter(ShimContainerService.SNAPSHOTTER).setKey(extractKey).build());
        clients.diff().apply(ApplyRequest.newBuilder()
                .setDiff(Descriptor.newBuilder().setMediaType("application/vnd.oci.image.layer.v1.tar")
                        .setDigest(digest).setSize(layer.length))
                .addAllMounts(prepared.getMountsList())
                .build());
        clients.snapshots().commit(CommitSnapshotRequest.newBuilder().setSnapshotter(ShimContainerService.SNAPSHOTTER)
                .setName(digest).setKey(extractKey).build());
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(
                "{\"Cmd\": [\"sh\"], \"Env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]}");
        image = new Image("sha256:" + "c".repeat(64), List.of(NAME), List.of(), Instant.now(), layer.length, "amd64",
                "linux", "", "", config, List.of(digest), digest);
    }

    private static byte[] layerTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin/", "etc/", "tmp/", "proc/", "sys/", "dev/", "root/")) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            byte[] busybox = Files.readAllBytes(Path.of("/usr/bin/busybox"));
            TarArchiveEntry binary = new TarArchiveEntry("bin/busybox");
            binary.setMode(0755);
            binary.setSize(busybox.length);
            tar.putArchiveEntry(binary);
            tar.write(busybox);
            tar.closeArchiveEntry();
            for (String applet : List.of("sh", "echo", "cat", "sleep", "id", "ls", "true")) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            file(tar, "etc/group", "root:x:0:\nwheel:x:10:root\nnogroup:x:65534:\n");
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0644);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void write(ServiceClients clients, String digest, byte[] data) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<WriteContentRequest> requests = clients.contentAsync().write(new StreamObserver<>() {
            @Override
            public void onNext(WriteContentResponse response) {}

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef("it-" + digest)
                .setTotal(data.length).setExpected(digest).setData(ByteString.copyFrom(data)).build());
        requests.onCompleted();
        done.get(30, TimeUnit.SECONDS);
    }

    @Override
    public Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message) {
        throw new AssertionError("the container tests do not import images");
    }

    @Override
    public Image inspect(String reference) {
        if (reference.equals(NAME) || reference.equals(image.id())) {
            return image;
        }
        throw DockerApiException.noSuchImage(reference);
    }

    @Override
    public List<Image> list() {
        return List.of(image);
    }
}
