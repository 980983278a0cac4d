package dev.berth.gateway.image;

import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docker save and docker load over the content store: {@link ImageArchiveWriter} and {@link ImageArchiveLoader}. */
public final class ImageArchives {
    private static final Logger LOG = LoggerFactory.getLogger(ImageArchives.class);

    private final ContentImageService images;
    private final ContentBlobs blobs;
    private final Path scratch;

    /** @param scratch where archives being loaded are spooled (the gateway's root/tmp) */
    public ImageArchives(ContentImageService images, ServiceClients clients, Path scratch) {
        this.images = images;
        this.blobs = new ContentBlobs(clients);
        this.scratch = scratch;
    }

    /**
     * The archive of {@code references}, streamed as it is written. Every reference is looked up
     * first, so an unknown one is a 404 before a byte is sent. An image named by id carries no tag.
     */
    public InputStream save(List<String> references) throws IOException {
        List<ImageArchiveWriter.Entry> entries = new ArrayList<>();
        for (String reference : references) {
            ContentImageService.ArchivedImage image = images.archived(reference);
            String familiar = familiarName(reference);
            if (familiar != null && !image.repoTags().contains(familiar)) {
                familiar = null; // found by id (or id prefix), not by this name
            }
            entries.add(new ImageArchiveWriter.Entry(image, familiar == null ? List.of() : List.of(familiar)));
        }
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread.ofVirtual().name("image-save").start(() -> {
            try (out) {
                new ImageArchiveWriter(blobs).write(entries, out);
            } catch (IOException | RuntimeException e) {
                // the client sees the archive end early; the reason is here
                LOG.warn("saving {} failed: {}", references, e.toString());
            }
        });
        return in;
    }

    public void load(InputStream archive, Consumer<String> report) throws IOException {
        new ImageArchiveLoader(blobs, images, scratch).load(archive, report);
    }

    /** busybox:latest for a name; null for what cannot be one. An image saved by id is untagged, as docker saves it. */
    private static String familiarName(String reference) {
        try {
            ImageReference parsed = ImageReference.parse(reference);
            return parsed.digest() != null ? null : parsed.familiarName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
