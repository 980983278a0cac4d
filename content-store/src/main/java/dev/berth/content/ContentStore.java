package dev.berth.content;

import dev.berth.content.blob.BlobRecovery;
import dev.berth.content.blob.BlobStore;
import dev.berth.content.gc.CollectionScheduler;
import dev.berth.content.gc.GarbageCollector;
import dev.berth.content.gc.GcSettings;
import dev.berth.content.image.ImageStore;
import dev.berth.content.ingest.Ingests;
import dev.berth.content.lease.LeaseStore;
import dev.berth.content.service.ContentService;
import dev.berth.content.service.ImagesService;
import dev.berth.content.service.LeasesService;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.ReferenceLock;
import io.grpc.BindableService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The content store on one root directory: opens the metadata database, recovers from a crash
 * (see {@link BlobRecovery} and {@link Ingests#recover()}), starts periodic garbage collection
 * and provides the gRPC services. Close it after the server has stopped.
 */
public final class ContentStore implements AutoCloseable {
    private final MetadataDb db;
    private final CollectionScheduler collections;
    private final List<BindableService> services;

    private ContentStore(MetadataDb db, CollectionScheduler collections, List<BindableService> services) {
        this.db = db;
        this.collections = collections;
        this.services = services;
    }

    public static ContentStore open(Path root) throws IOException {
        return open(root, GcSettings.defaults());
    }

    public static ContentStore open(Path root, GcSettings gc) throws IOException {
        Files.createDirectories(root);
        MetadataDb db = MetadataDb.open(root.resolve("meta"));
        try {
            ReferenceLock references = new ReferenceLock();
            BlobStore blobs = new BlobStore(root, db, references);
            Ingests ingests = new Ingests(root, blobs);
            ingests.recover();
            new BlobRecovery(blobs, db).recover();
            ImageStore images = new ImageStore(db, references);
            LeaseStore leases = new LeaseStore(db, references);
            CollectionScheduler collections = new CollectionScheduler(
                    new GarbageCollector(blobs, images, leases, references, gc), gc);
            collections.startPeriodic();
            // the lease a call joins (containerd-lease) is read by the server's NamespaceInterceptor (common)
            List<BindableService> services = List.of(
                    new ContentService(blobs, ingests, leases, collections),
                    new ImagesService(images, collections),
                    new LeasesService(leases, collections));
            return new ContentStore(db, collections, services);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public List<BindableService> services() {
        return services;
    }

    @Override
    public void close() {
        try {
            collections.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
