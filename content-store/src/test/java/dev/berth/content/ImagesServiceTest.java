package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.DeleteImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.api.containerd.images.v1.ListImagesRequest;
import dev.berth.api.containerd.images.v1.UpdateImageRequest;
import dev.berth.api.containerd.types.Descriptor;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ImagesServiceTest {
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dir;

    private StoreFixture store;
    private ImagesGrpc.ImagesBlockingStub images;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixture.open(dir);
        images = store.images();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    static Descriptor target(String content, String mediaType) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(Digest.of(bytes).toString()).setSize(bytes.length).build();
    }

    static Image image(String name, Descriptor target, Map<String, String> labels) {
        return Image.newBuilder().setName(name).setTarget(target).putAllLabels(labels).build();
    }

    private static StatusRuntimeException assertCode(Code code, Executable call) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, error.getStatus().getCode(), error.getStatus().toString());
        return error;
    }

    private Image get(ImagesGrpc.ImagesBlockingStub stub, String name) {
        return stub.get(GetImageRequest.newBuilder().setName(name).build()).getImage();
    }

    private List<String> names(ImagesGrpc.ImagesBlockingStub stub, String... filters) {
        return stub.list(ListImagesRequest.newBuilder().addAllFilters(List.of(filters)).build()).getImagesList().stream()
                .map(Image::getName).sorted().toList();
    }

    @Test
    void createGetListUpdateDelete() {
        Descriptor target = target("index", INDEX);
        Image created = images.create(CreateImageRequest.newBuilder()
                .setImage(image("docker.io/library/busybox:latest", target, Map.of("a", "1"))).build()).getImage();
        assertEquals(target, created.getTarget());
        assertTrue(created.getCreatedAt().getSeconds() > 0);
        assertEquals(created.getCreatedAt(), created.getUpdatedAt());
        assertEquals(created, get(images, "docker.io/library/busybox:latest"));

        images.create(CreateImageRequest.newBuilder()
                .setImage(image("docker.io/library/alpine:3", target("alpine", MANIFEST), Map.of())).build());
        assertEquals(List.of("docker.io/library/alpine:3", "docker.io/library/busybox:latest"), names(images));
        assertEquals(List.of("docker.io/library/alpine:3"), names(images, "name==docker.io/library/alpine:3"));
        assertEquals(List.of("docker.io/library/busybox:latest"), names(images, "labels.a==1"));
        assertEquals(List.of("docker.io/library/alpine:3"), names(images, "target.mediatype==" + MANIFEST));
        assertEquals(List.of("docker.io/library/alpine:3", "docker.io/library/busybox:latest"),
                names(images, "name~=^docker\\.io/library/"));

        Descriptor retarget = target("index v2", INDEX);
        Image updated = images.update(UpdateImageRequest.newBuilder()
                .setImage(image("docker.io/library/busybox:latest", retarget, Map.of("b", "2"))).build()).getImage();
        assertEquals(retarget, updated.getTarget());
        assertEquals(Map.of("b", "2"), updated.getLabelsMap());
        assertEquals(created.getCreatedAt(), updated.getCreatedAt());

        Image labelOnly = images.update(UpdateImageRequest.newBuilder()
                .setImage(image("docker.io/library/busybox:latest", target("ignored", INDEX), Map.of("c", "3")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.c")).build()).getImage();
        assertEquals(retarget, labelOnly.getTarget());
        assertEquals(Map.of("b", "2", "c", "3"), labelOnly.getLabelsMap());

        Image targetOnly = images.update(UpdateImageRequest.newBuilder()
                .setImage(image("docker.io/library/busybox:latest", target, Map.of()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("target")).build()).getImage();
        assertEquals(target, targetOnly.getTarget());
        assertEquals(Map.of("b", "2", "c", "3"), targetOnly.getLabelsMap());
        assertEquals(targetOnly, get(images, "docker.io/library/busybox:latest"));

        images.delete(DeleteImageRequest.newBuilder().setName("docker.io/library/busybox:latest").build());
        assertCode(Code.NOT_FOUND, () -> get(images, "docker.io/library/busybox:latest"));
        assertEquals(List.of("docker.io/library/alpine:3"), names(images));
    }

    @Test
    void errorsAsContainerdReportsThem() {
        Image busybox = image("busybox", target("index", INDEX), Map.of());
        images.create(CreateImageRequest.newBuilder().setImage(busybox).build());
        StatusRuntimeException exists = assertCode(Code.ALREADY_EXISTS,
                () -> images.create(CreateImageRequest.newBuilder().setImage(busybox).build()));
        assertEquals("image \"busybox\": already exists", exists.getStatus().getDescription());

        StatusRuntimeException missing = assertCode(Code.NOT_FOUND, () -> get(images, "x"));
        assertEquals("image \"x\": not found", missing.getStatus().getDescription());
        assertCode(Code.NOT_FOUND, () -> images.update(UpdateImageRequest.newBuilder()
                .setImage(image("x", target("index", INDEX), Map.of())).build()));
        assertCode(Code.NOT_FOUND, () -> images.delete(DeleteImageRequest.newBuilder().setName("x").build()));

        assertCode(Code.INVALID_ARGUMENT, () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image("", target("index", INDEX), Map.of())).build()));
        assertCode(Code.INVALID_ARGUMENT, () -> get(images, ""));
        assertCode(Code.INVALID_ARGUMENT, () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image("bad-digest", target("index", INDEX).toBuilder().setDigest("sha256:123").build(), Map.of()))
                .build()));
        assertCode(Code.INVALID_ARGUMENT, () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image("no-media-type", target("index", ""), Map.of())).build()));
        assertCode(Code.INVALID_ARGUMENT, () -> images.update(UpdateImageRequest.newBuilder().setImage(busybox)
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
        assertCode(Code.INVALID_ARGUMENT, () -> images.create(CreateImageRequest.newBuilder()
                .setImage(image("huge-label", target("index", INDEX), Map.of("k", "v".repeat(5000)))).build()));
        // a delete naming a target the image no longer has is refused
        assertCode(Code.FAILED_PRECONDITION, () -> images.delete(DeleteImageRequest.newBuilder().setName("busybox")
                .setTarget(target("other", INDEX)).build()));
        images.delete(DeleteImageRequest.newBuilder().setName("busybox").setTarget(target("index", INDEX)).build());
    }

    @Test
    void namespacesKeepSeparateImages() {
        ImagesGrpc.ImagesBlockingStub other = store.images("other");
        images.create(CreateImageRequest.newBuilder().setImage(image("shared-name", target("default", INDEX), Map.of())).build());
        assertCode(Code.NOT_FOUND, () -> get(other, "shared-name"));
        assertEquals(List.of(), names(other));

        other.create(CreateImageRequest.newBuilder().setImage(image("shared-name", target("other", INDEX), Map.of())).build());
        assertEquals(target("default", INDEX), get(images, "shared-name").getTarget());
        assertEquals(target("other", INDEX), get(other, "shared-name").getTarget());

        other.delete(DeleteImageRequest.newBuilder().setName("shared-name").build());
        assertEquals(List.of("shared-name"), names(images));
        assertCode(Code.INVALID_ARGUMENT, () -> get(store.images("bad/namespace"), "x"));
    }

    @Test
    void sourceDateEpochSetsTheTimes() {
        Timestamp epoch = Timestamp.newBuilder().setSeconds(1_000_000).build();
        Image created = images.create(CreateImageRequest.newBuilder()
                .setImage(image("reproducible", target("index", INDEX), Map.of())).setSourceDateEpoch(epoch).build()).getImage();
        assertEquals(epoch, created.getCreatedAt());
        assertEquals(epoch, created.getUpdatedAt());
    }
}
