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
import dev.berth.gateway.BusyboxRootfs;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-layer busybox image made without the image domain: the layer tar is written to the
 * content store, applied into a snapshot by the Diff service and committed under its chain id.
 */
final class BusyboxImage implements ImageService {
    static final String NAME = "busybox:it";
    private final Image image;

    BusyboxImage(ServiceClients clients) throws Exception {
        byte[] layer = BusyboxRootfs.tar();
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        write(clients, digest, layer);
        String extractKey = "extract-" + System.nanoTime();
        PrepareSnapshotResponse prepared = clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter(dev.berth.gateway.config.ServiceClients.DEFAULT_SNAPSHOTTER).setKey(extractKey).build());
        clients.diff().apply(ApplyRequest.newBuilder()
                .setDiff(Descriptor.newBuilder().setMediaType("application/vnd.oci.image.layer.v1.tar")
                        .setDigest(digest).setSize(layer.length))
                .addAllMounts(prepared.getMountsList())
                .build());
        clients.snapshots().commit(CommitSnapshotRequest.newBuilder().setSnapshotter(dev.berth.gateway.config.ServiceClients.DEFAULT_SNAPSHOTTER)
                // no image record refers to this layer: the label keeps it from garbage collection
                .setName(digest).setKey(extractKey).putLabels("containerd.io/gc.root", "test image").build());
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(
                "{\"Cmd\": [\"sh\"], \"Env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]}");
        image = new Image("sha256:" + "c".repeat(64), List.of(NAME), List.of(), Instant.now(), layer.length, "amd64",
                "linux", "", "", config, List.of(digest), digest);
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
