package dev.berth.content;

import static dev.berth.content.TestBlobs.commit;
import static dev.berth.content.TestBlobs.exists;
import static dev.berth.content.TestBlobs.read;
import static dev.berth.content.TestBlobs.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.DeleteImageRequest;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.CreateRequest;
import dev.berth.api.containerd.leases.v1.DeleteRequest;
import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.content.gc.GcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** containerd's garbage collection rules, through the real API, with a fake snapshotter. */
class GarbageCollectionTest {
    private static final String REF_CONTENT = "containerd.io/gc.ref.content";
    private static final String ROOT = "containerd.io/gc.root";

    @TempDir
    Path dir;

    private static void createImage(StoreFixture store, String namespace, String name, String digest) {
        Descriptor target = Descriptor.newBuilder().setMediaType(ImagesServiceTest.MANIFEST).setDigest(digest).setSize(1).build();
        store.images(namespace).create(CreateImageRequest.newBuilder()
                .setImage(ImagesServiceTest.image(name, target, Map.of())).build());
    }

    /** Runs a collection and waits for it, through a sync lease delete. */
    private static void collect(StoreFixture store) {
        String id = store.leases().create(CreateRequest.getDefaultInstance()).getLease().getId();
        store.leases().delete(DeleteRequest.newBuilder().setId(id).setSync(true).build());
    }

    private Path file(StoreFixture store, String digest) {
        return store.root.resolve("blobs/sha256/" + Digest.parse(digest).hex());
    }

    @Test
    void imagesKeepTheirTargetAndWhatItsLabelsReferTo() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            ContentGrpc.ContentBlockingStub content = store.content();
            String config = commit(store, "default", null, utf8("config"), Map.of());
            String layer = commit(store, "default", null, utf8("layer"), Map.of());
            String manifest = commit(store, "default", null, utf8("manifest"),
                    Map.of(REF_CONTENT + ".config", config, REF_CONTENT + ".l.0", layer));
            String rooted = commit(store, "default", null, utf8("rooted"), Map.of(ROOT, "2026-01-01T00:00:00Z"));
            String orphan = commit(store, "default", null, utf8("orphan"), Map.of());
            createImage(store, "default", "app", manifest);
            createImage(store, "default", "tmp", orphan);

            store.images().delete(DeleteImageRequest.newBuilder().setName("tmp").setSync(true).build());
            assertFalse(exists(content, orphan));
            assertFalse(Files.exists(file(store, orphan)), "the file no namespace refers to is gone");
            for (String kept : List.of(config, layer, manifest, rooted)) {
                assertTrue(exists(content, kept), kept);
            }

            store.images().delete(DeleteImageRequest.newBuilder().setName("app").setSync(true).build());
            for (String gone : List.of(config, layer, manifest)) {
                assertFalse(exists(content, gone), gone);
            }
            assertTrue(exists(content, rooted));
        }
    }

    @Test
    void leasesProtectUntilDeletedOrExpired() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            ContentGrpc.ContentBlockingStub content = store.content();
            store.leases().create(CreateRequest.newBuilder().setId("pull").build());
            String pulled = commit(store, "default", "pull", utf8("pulled"), Map.of());
            store.leases().create(CreateRequest.newBuilder().setId("expired").putLabels("containerd.io/gc.expire",
                    Instant.now().minusSeconds(60).toString()).build());
            store.leases().create(CreateRequest.newBuilder().setId("later").putLabels("containerd.io/gc.expire",
                    Instant.now().plusSeconds(3600).toString()).build());
            String old = commit(store, "default", null, utf8("held by an expired lease"), Map.of());
            String current = commit(store, "default", null, utf8("held by a lease expiring later"), Map.of());
            store.leases().addResource(AddResourceRequest.newBuilder().setId("expired")
                    .setResource(Resource.newBuilder().setType("content").setId(old)).build());
            store.leases().addResource(AddResourceRequest.newBuilder().setId("later")
                    .setResource(Resource.newBuilder().setType("content").setId(current)).build());

            collect(store);
            assertTrue(exists(content, pulled));
            assertTrue(exists(content, current));
            assertFalse(exists(content, old));

            store.leases().delete(DeleteRequest.newBuilder().setId("pull").setSync(true).build());
            assertFalse(exists(content, pulled));
        }
    }

    @Test
    void eachNamespaceIsCollectedOnItsOwnAndTheFileStaysWhileOneRefersToIt() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir)) {
            byte[] data = utf8("shared layer");
            String digest = commit(store, "a", null, data, Map.of());
            commit(store, "b", null, data, Map.of());
            createImage(store, "a", "app", digest);
            collect(store);
            assertFalse(exists(store.content("b"), digest), "nothing in b refers to it");
            assertArrayEquals(data, read(store.content("a"), digest));
            store.images("a").delete(DeleteImageRequest.newBuilder().setName("app").setSync(true).build());
            assertFalse(exists(store.content("a"), digest));
            assertFalse(Files.exists(file(store, digest)));
        }
    }

    @Test
    void snapshotsAreCollectedLeavesFirstThroughTheSnapshotter() throws Exception {
        Instant past = Instant.now().minusSeconds(60);
        try (FakeSnapshotter snapshotter = new FakeSnapshotter(dir.resolve("snapshotter.sock"));
                StoreFixture store = StoreFixture.open(dir, GcSettings.defaults()
                        .withSnapshotter(snapshotter.address(), List.of("overlayfs")))) {
            String kept = commit(store, "default", null, utf8("kept by a rooted snapshot"), Map.of());
            String manifest = commit(store, "default", null, utf8("manifest"),
                    Map.of("containerd.io/gc.ref.snapshot.overlayfs", "mid"));
            createImage(store, "default", "app", manifest);
            snapshotter.add("default", "base", "", past, Map.of());
            snapshotter.add("default", "mid", "base", past, Map.of());
            snapshotter.add("default", "top", "mid", past, Map.of());
            snapshotter.add("default", "orphan-parent", "", past, Map.of());
            snapshotter.add("default", "orphan-child", "orphan-parent", past, Map.of());
            snapshotter.add("default", "rooted", "", past, Map.of(ROOT, "x", REF_CONTENT, kept));
            snapshotter.add("default", "leased", "", past, Map.of());
            snapshotter.add("default", "future", "", Instant.now().plusSeconds(3600), Map.of());
            store.leases().create(CreateRequest.newBuilder().setId("build").build());
            store.leases().addResource(AddResourceRequest.newBuilder().setId("build")
                    .setResource(Resource.newBuilder().setType("snapshots/overlayfs").setId("leased")).build());
            // a namespace known to the store only through a blob record
            commit(store, "other", null, utf8("other"), Map.of(ROOT, "x"));
            snapshotter.add("other", "x", "", past, Map.of());

            collect(store);
            for (String key : List.of("base", "mid", "rooted", "leased", "future")) {
                assertTrue(snapshotter.has("default", key), key);
            }
            for (String key : List.of("top", "orphan-parent", "orphan-child")) {
                assertFalse(snapshotter.has("default", key), key);
            }
            assertFalse(snapshotter.has("other", "x"));
            assertTrue(exists(store.content(), kept));
            List<String> calls = List.copyOf(snapshotter.calls);
            assertTrue(calls.indexOf("default:remove:overlayfs/orphan-child") < calls.indexOf("default:remove:overlayfs/orphan-parent"),
                    calls.toString());
            assertTrue(calls.contains("default:cleanup:overlayfs"), calls.toString());
            assertTrue(calls.contains("other:remove:overlayfs/x"), calls.toString());
        }
    }

    @Test
    void whatIsCreatedWhileACollectionRunsIsKept() throws Exception {
        try (FakeSnapshotter snapshotter = new FakeSnapshotter(dir.resolve("snapshotter.sock"));
                StoreFixture store = StoreFixture.open(dir, GcSettings.defaults()
                        .withSnapshotter(snapshotter.address(), List.of("overlayfs")))) {
            String orphan = commit(store, "default", null, utf8("orphan"), Map.of());
            AtomicReference<String> during = new AtomicReference<>();
            snapshotter.duringList = () -> {
                snapshotter.duringList = () -> {};
                try {
                    during.set(commit(store, "default", null, utf8("committed during the collection"), Map.of()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                snapshotter.add("default", "new", "", Instant.now(), Map.of());
            };
            collect(store);
            assertFalse(exists(store.content(), orphan), "the collection ran");
            assertTrue(exists(store.content(), during.get()), "a blob committed after the collection started was taken");
            assertTrue(snapshotter.has("default", "new"), "a snapshot created after the collection started was taken");
        }
    }

    @Test
    void aDeleteSchedulesACollectionShortlyAfter() throws Exception {
        try (StoreFixture store = StoreFixture.open(dir, GcSettings.defaults().withDelay(Duration.ofMillis(100)))) {
            String orphan = commit(store, "default", null, utf8("image target"), Map.of());
            createImage(store, "default", "tmp", orphan);
            store.images().delete(DeleteImageRequest.newBuilder().setName("tmp").build());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (exists(store.content(), orphan)) {
                assertTrue(System.nanoTime() < deadline, "no collection after the delete");
                Thread.sleep(50);
            }
            assertFalse(Files.exists(file(store, orphan)));
        }
    }

    @Test
    void withCollectionOffNothingIsTakenEvenBySyncDeletes() throws Exception {
        // the store behind containerd's proxy plugin: containerd holds the references and collects itself
        try (StoreFixture store = StoreFixture.open(dir, GcSettings.defaults().withEnabled(false).withDelay(Duration.ofMillis(50)))) {
            String unreferenced = commit(store, "default", null, utf8("only containerd knows who uses me"), Map.of());
            String target = commit(store, "default", null, utf8("image target"), Map.of());
            createImage(store, "default", "tmp", target);
            store.images().delete(DeleteImageRequest.newBuilder().setName("tmp").setSync(true).build());
            collect(store);
            Thread.sleep(300);
            assertTrue(exists(store.content(), unreferenced));
            assertTrue(exists(store.content(), target));
            assertTrue(Files.exists(file(store, unreferenced)));
        }
    }
}
