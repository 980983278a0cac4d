package dev.berth.content;

import dev.berth.content.blob.BlobStore;
import dev.berth.content.image.ImageStore;
import dev.berth.content.ingest.Ingests;
import dev.berth.content.service.ContentService;
import dev.berth.content.service.ImagesService;
import dev.berth.content.store.MetadataDb;
import io.grpc.BindableService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The content store on one root directory: opens the metadata database, recovers from a crash
 * (see {@link BlobStore#recover()} and {@link Ingests#recover()}), and provides the gRPC services.
 * Close it after the server has stopped.
 */
public final class ContentStore implements AutoCloseable {
    private final MetadataDb db;
    private final ContentService content;
    private final ImagesService images;

    private ContentStore(MetadataDb db, ContentService content, ImagesService images) {
        this.db = db;
        this.content = content;
        this.images = images;
    }

    public static ContentStore open(Path root) throws IOException {
        Files.createDirectories(root);
        MetadataDb db = MetadataDb.open(root.resolve("meta"));
        try {
            BlobStore blobs = new BlobStore(root, db);
            Ingests ingests = new Ingests(root, blobs);
            ingests.recover();
            blobs.recover();
            return new ContentStore(db, new ContentService(blobs, ingests), new ImagesService(new ImageStore(db)));
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public List<BindableService> services() {
        return List.of(content, images);
    }

    @Override
    public void close() {
        db.close();
    }
}
