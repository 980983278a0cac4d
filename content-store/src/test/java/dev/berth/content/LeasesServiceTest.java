package dev.berth.content;

import static dev.berth.content.TestBlobs.assertCode;
import static dev.berth.content.TestBlobs.commit;
import static dev.berth.content.TestBlobs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.CreateRequest;
import dev.berth.api.containerd.leases.v1.DeleteRequest;
import dev.berth.api.containerd.leases.v1.DeleteResourceRequest;
import dev.berth.api.containerd.leases.v1.Lease;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.leases.v1.ListRequest;
import dev.berth.api.containerd.leases.v1.ListResourcesRequest;
import dev.berth.api.containerd.leases.v1.Resource;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasesServiceTest {
    @TempDir
    Path dir;

    private StoreFixture store;
    private LeasesGrpc.LeasesBlockingStub leases;

    @BeforeEach
    void open() throws Exception {
        store = StoreFixture.open(dir);
        leases = store.leases();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private Lease create(String id, Map<String, String> labels) {
        return leases.create(CreateRequest.newBuilder().setId(id).putAllLabels(labels).build()).getLease();
    }

    private static Resource resource(String type, String id) {
        return Resource.newBuilder().setType(type).setId(id).build();
    }

    private Set<Resource> resources(String id) {
        return Set.copyOf(leases.listResources(ListResourcesRequest.newBuilder().setId(id).build()).getResourcesList());
    }

    private List<String> ids(LeasesGrpc.LeasesBlockingStub stub, String... filters) {
        return stub.list(ListRequest.newBuilder().addAllFilters(List.of(filters)).build()).getLeasesList().stream()
                .map(Lease::getId).sorted().collect(Collectors.toList());
    }

    @Test
    void createListAndDeleteWithContainerdErrors() {
        Lease lease = create("pull-1", Map.of("purpose", "pull"));
        assertEquals("pull-1", lease.getId());
        assertTrue(lease.getCreatedAt().getSeconds() > 0);
        assertEquals(Map.of("purpose", "pull"), lease.getLabelsMap());
        StatusRuntimeException duplicate = assertCode(Code.ALREADY_EXISTS, () -> create("pull-1", Map.of()));
        assertEquals("lease \"pull-1\": already exists", duplicate.getStatus().getDescription());

        String generated = create("", Map.of("purpose", "build")).getId();
        assertFalse(generated.isEmpty());
        assertEquals(List.of(generated, "pull-1").stream().sorted().toList(), ids(leases));
        assertEquals(List.of("pull-1"), ids(leases, "id==pull-1"));
        assertEquals(List.of(generated), ids(leases, "labels.purpose==build"));
        assertEquals(List.of("pull-1"), ids(leases, "labels.purpose~=^pu"));
        assertCode(Code.INVALID_ARGUMENT, () -> ids(leases, "id=="));

        // per namespace
        assertEquals(List.of(), ids(store.leases("other")));
        assertCode(Code.NOT_FOUND, () -> store.leases("other").delete(DeleteRequest.newBuilder().setId("pull-1").build()));

        leases.delete(DeleteRequest.newBuilder().setId("pull-1").build());
        StatusRuntimeException gone = assertCode(Code.NOT_FOUND, () -> leases.delete(DeleteRequest.newBuilder().setId("pull-1").build()));
        assertEquals("lease \"pull-1\": not found", gone.getStatus().getDescription());
        assertEquals(List.of(generated), ids(leases));
    }

    @Test
    void resourcesAreAddedListedAndRemoved() {
        create("l", Map.of());
        String digest = Digest.of(utf8("x")).toString();
        Resource content = resource("content", digest);
        Resource ingest = resource("ingests", "some-ref");
        Resource snapshot = resource("snapshots/overlayfs", "sha256:chain");
        for (Resource r : List.of(content, ingest, snapshot, content)) {
            leases.addResource(AddResourceRequest.newBuilder().setId("l").setResource(r).build());
        }
        assertEquals(Set.of(content, ingest, snapshot), resources("l"));
        leases.deleteResource(DeleteResourceRequest.newBuilder().setId("l").setResource(ingest).build());
        assertEquals(Set.of(content, snapshot), resources("l"));

        assertCode(Code.INVALID_ARGUMENT, () -> leases.addResource(AddResourceRequest.newBuilder().setId("l")
                .setResource(resource("content", "not-a-digest")).build()));
        assertCode(Code.INVALID_ARGUMENT, () -> leases.addResource(AddResourceRequest.newBuilder().setId("l")
                .setResource(resource("snapshots", "k")).build()));
        assertCode(Code.UNIMPLEMENTED, () -> leases.addResource(AddResourceRequest.newBuilder().setId("l")
                .setResource(resource("containers", "c")).build()));
        assertCode(Code.NOT_FOUND, () -> leases.addResource(AddResourceRequest.newBuilder().setId("missing")
                .setResource(content).build()));
        assertCode(Code.NOT_FOUND, () -> store.leases("other").listResources(ListResourcesRequest.newBuilder().setId("l").build()));

        // deleting the lease takes its resources along
        leases.delete(DeleteRequest.newBuilder().setId("l").build());
        create("l", Map.of());
        assertEquals(Set.of(), resources("l"));
    }

    @Test
    void aWriteUnderALeaseAddsItsIngestAndThenItsBlob() throws Exception {
        create("pull", Map.of());
        byte[] data = utf8("pulled layer");
        Writer writer = store.writer("default", "pull");
        writer.stat("layer-ref");
        writer.write("layer-ref", 0, data);
        assertEquals(Set.of(resource("ingests", "layer-ref")), resources("pull"));
        writer.commit("layer-ref", data.length, data.length, Digest.of(data).toString(), Map.of());
        writer.close();
        assertEquals(Set.of(resource("content", Digest.of(data).toString())), resources("pull"));

        // content already there joins a second lease when a write of it is refused as ALREADY_EXISTS
        create("second", Map.of());
        Writer again = store.writer("default", "second");
        assertCode(Code.ALREADY_EXISTS, () -> again.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT)
                .setRef("again").setExpected(Digest.of(data).toString()).build()));
        assertEquals(Set.of(resource("content", Digest.of(data).toString())), resources("second"));
    }

    @Test
    void anIngestAbortedUnderItsLeaseLeavesTheLease() throws Exception {
        create("pull", Map.of());
        Writer writer = store.writer("default", "pull");
        writer.stat("given-up");
        writer.close();
        assertEquals(Set.of(resource("ingests", "given-up")), resources("pull"));
        StoreFixture.withLease(store.content(), "pull").abort(dev.berth.api.containerd.content.v1.AbortRequest.newBuilder()
                .setRef("given-up").build());
        assertEquals(Set.of(), resources("pull"));
    }

    @Test
    void aWriteUnderAnUnknownLeaseIsNotFound() throws Exception {
        Writer writer = store.writer("default", "no-such-lease");
        StatusRuntimeException error = assertCode(Code.NOT_FOUND, () -> writer.stat("ref"));
        assertEquals("lease does not exist: not found", error.getStatus().getDescription());
        assertEquals(0, store.content().listStatuses(dev.berth.api.containerd.content.v1.ListStatusesRequest.getDefaultInstance())
                .getStatusesCount(), "no ingest is started for an unknown lease");
        // nothing is committed under a lease of another namespace either
        create("mine", Map.of());
        assertCode(Code.NOT_FOUND, () -> commit(store, "other", "mine", utf8("x"), Map.of()));
    }
}
