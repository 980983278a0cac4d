package dev.berth.registry;

import dev.berth.image.ImageReference;
import dev.berth.registry.blob.BlobClient;
import dev.berth.registry.blob.BlobUploader;
import dev.berth.registry.manifest.ManifestClient;
import dev.berth.registry.manifest.TagLister;

/** One repository of one registry ({@code localhost:5000/team/app}): its manifests, blobs, uploads and tags. */
public final class RegistryRepository {

    private final ImageReference repository;
    private final ManifestClient manifests;
    private final BlobClient blobs;
    private final BlobUploader uploads;
    private final TagLister tags;

    RegistryRepository(ImageReference repository, ManifestClient manifests, BlobClient blobs, BlobUploader uploads, TagLister tags) {
        this.repository = repository;
        this.manifests = manifests;
        this.blobs = blobs;
        this.uploads = uploads;
        this.tags = tags;
    }

    /** The repository, without tag or digest. */
    public ImageReference reference() {
        return repository;
    }

    public ManifestClient manifests() {
        return manifests;
    }

    public BlobClient blobs() {
        return blobs;
    }

    public BlobUploader uploads() {
        return uploads;
    }

    public TagLister tags() {
        return tags;
    }
}
