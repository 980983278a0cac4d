package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.config.ContainerConfig;
import dev.berth.image.config.History;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.config.RootFs;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Images kept as containerd keeps them: image records (name -> manifest descriptor) in the content
 * store's Images service, manifests, configs and layers as content blobs, layers unpacked into
 * snapshots named by chain id. Import and commit write their images through one {@link ImageWriter};
 * commit's diffing is {@link ImageCommitter}'s.
 *
 * <p>An image without a tag is recorded as {@code moby-dangling@<manifest digest>}, the name Docker's
 * containerd store gives it, and listed as {@code <none>:<none>}. Each record carries the image's
 * uncompressed size in the label {@value #SIZE_LABEL}.
 */
public final class ContentImageService implements ImageService, ImageTags {
    static final String DANGLING_PREFIX = ImageRecords.DANGLING_PREFIX;
    static final String SIZE_LABEL = ImageRecords.SIZE_LABEL;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContentBlobs blobs;
    private final ImageRecords records;
    private final ImageWriter writer;
    private final ImageCommitter committer;
    private final ImageLease lease;
    private final LayerUnpacker unpacker;
    private final StoredImageRecorder stored;
    private final ManifestResolver manifests;
    private final ImageLookup lookup;
    private final ImageDocumentQueries documents;
    private final BuildCachePruner cachePruner;

    public ContentImageService(ServiceClients clients) {
        this.blobs = new ContentBlobs(clients);
        this.manifests = new ManifestResolver(blobs);
        this.lookup = new ImageLookup(manifests);
        this.records = new ImageRecords(clients);
        this.unpacker = new LayerUnpacker(clients);
        this.writer = new ImageWriter(blobs, unpacker, records, clients.snapshotterName());
        this.stored = new StoredImageRecorder(clients, unpacker, records);
        this.committer = new ImageCommitter(clients, writer);
        this.lease = new ImageLease(clients);
        this.documents = new ImageDocumentQueries(records, lookup, manifests, committer);
        this.cachePruner = new BuildCachePruner(records, manifests, committer);
    }

    // ------------------------------------------------------------------ import

    @Override
    public Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message)
            throws IOException {
        try {
            return lease.within("import", () -> importLeased(rootfsTar, repository, tag, changes, message));
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "importing the image");
        }
    }

    private Image importLeased(InputStream rootfsTar, String repository, String tag, List<String> changes, String message)
            throws IOException {
        // moby's import: "cannot import digest reference", and Docker's reference errors, as 400s
        ImageReference reference = repository == null || repository.isEmpty() ? null : ImageReference.of(repository, tag);
        ObjectNode runConfig = MAPPER.createObjectNode();
        DockerfileChanges.apply(runConfig, changes == null ? List.of() : changes);
        ContainerConfig containerConfig = ImageDocuments.containerConfig(runConfig);

        LayerIngest.Layer layer;
        try {
            layer = LayerIngest.ingest(blobs, rootfsTar);
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "storing the layer");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        History history = History.of(now, "import", false).withComment(message == null ? "" : message);
        ImageConfig config = ImageDocuments.withComment(ImageConfig.builder()
                .created(now)
                .architecture("amd64")
                .os("linux")
                .config(containerConfig)
                .rootfs(RootFs.of(List.of(layer.diffId())))
                .history(List.of(history))
                .build(), message);
        Descriptor layerDescriptor = Descriptors.grpc(layer.mediaType(), layer.digest(), layer.size());
        try {
            Digest configDigest = writer.write(config, List.of(layerDescriptor), layer.uncompressedSize(), reference);
            return inspect(configDigest.toString());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "importing the image");
        }
    }

    // ------------------------------------------------------------------ pull and load

    /** Runs work that stores blobs before a name refers to them (pull, load) under a lease. */
    public <T, E extends Exception> T leased(String purpose, ImageLease.Work<T, E> work) throws E {
        return lease.within(purpose, work);
    }

    /** Unpacks {@code layers} (a pull's first ones, as they arrive) under their chain ids; those unpacked already are skipped. */
    public void unpack(List<dev.berth.image.manifest.Descriptor> layers, List<dev.berth.image.Digest> diffIds) {
        unpacker.unpack(layers.stream().map(Descriptors::grpc).toList(), diffIds);
    }

    /** Records an image already stored as it came; see {@link StoredImageRecorder#record}. Call it inside {@link #leased}. */
    public Digest recordStored(Descriptor target, dev.berth.image.manifest.ImageIndex index, dev.berth.image.Digest manifestDigest,
            dev.berth.image.manifest.ImageManifest manifest, dev.berth.image.config.ImageConfig config, String name) {
        return stored.record(target, index, manifestDigest, manifest, config, name);
    }

    /** docker save: what an archive of the image needs, the names it has as {@code familiar} tags. */
    public ArchivedImage archived(String reference) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Digest configDigest = lookup.configDigestOf(reference, all).orElseThrow(() -> DockerApiException.noSuchImage(reference));
            ManifestResolver.Resolved resolved = all.stream().map(r -> resolve(r.getTarget()))
                    .filter(r -> r.configDigest().equals(configDigest)).findFirst().orElseThrow();
            return new ArchivedImage(resolved.manifest(), configDigest, resolved.layers(), resolved.diffIds(), lookup.render(configDigest, all).repoTags());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "looking up the image");
        }
    }

    /** The stored pieces of one image, for an archive: its platform's manifest, config, layers and tags. */
    public record ArchivedImage(Descriptor manifest, Digest configDigest, List<Descriptor> layers, List<Digest> diffIds,
            List<String> repoTags) {}

    // ------------------------------------------------------------------ commit

    @Override
    public Image commit(CommitRequest request) {
        try {
            Digest configDigest = lease.within("commit", () -> committer.commit(request, parentOf(request.parentImageId())));
            return inspect(configDigest.toString());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "committing the container");
        }
    }

    /** The container's image as the committer needs it: its config document, layers and size. */
    private ImageCommitter.Parent parentOf(String imageId) {
        if (imageId.isEmpty()) {
            return ImageCommitter.Parent.NONE;
        }
        List<dev.berth.api.containerd.images.v1.Image> all = records.list();
        Digest configDigest = lookup.configDigestOf(imageId, all).orElseThrow(() -> DockerApiException.noSuchImage(imageId));
        ManifestResolver.Resolved parent = all.stream().map(r -> resolve(r.getTarget()))
                .filter(r -> r.configDigest().equals(configDigest)).findFirst()
                .orElseThrow(() -> DockerApiException.noSuchImage(imageId));
        return new ImageCommitter.Parent(parent.config(), parent.imageConfig(), parent.layers(), parent.diffIds(), lookup.render(configDigest, all).size());
    }

    // ------------------------------------------------------------------ build

    @Override
    public Image writeBuildImage(String parentImageId, String containerId, BuildImageConfig build, String recordName) {
        try {
            Digest configDigest = lease.within("build", () -> {
                ImageCommitter.Parent parent = parentOf(parentImageId == null ? "" : parentImageId);
                ImageCommitter.Layer layer = containerId == null ? null : committer.layerOf(containerId, parent);
                ImageConfig config = build.build(parent.imageConfig(), layer == null ? null : layer.diffId());
                List<Descriptor> layers = new ArrayList<>(parent.layers());
                long size = parent.size();
                if (layer != null) {
                    layers.add(layer.descriptor());
                    size += layer.size();
                }
                return writer.writeRecord(config, layers, size, recordName);
            });
            return inspect(configDigest.toString());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "committing the build step");
        }
    }

    @Override
    public Optional<String> findRecordId(String recordName) {
        try {
            // the id is the config's digest: no listing of every record, no rendering of the image
            return records.get(recordName).map(record -> resolve(record.getTarget()).configDigest().toString());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "looking up the build cache");
        }
    }

    @Override
    public void keepDangling(String imageId) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Digest configDigest = lookup.configDigestOf(imageId, all).orElseThrow(() -> DockerApiException.noSuchImage(imageId));
            List<dev.berth.api.containerd.images.v1.Image> ofImage = all.stream()
                    .filter(r -> resolve(r.getTarget()).configDigest().equals(configDigest)).toList();
            if (ofImage.isEmpty() || ofImage.stream().anyMatch(r -> !ImageRecords.buildCache(r.getName()))) {
                return;
            }
            Descriptor target = ofImage.getFirst().getTarget();
            records.put(DANGLING_PREFIX + target.getDigest(), target, ofImage.getFirst().getLabelsMap());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "recording the built image");
        }
    }

    @Override
    public ObjectNode configDocument(String reference) {
        return documents.configDocument(reference);
    }

    @Override
    public List<Long> layerSizes(String reference) {
        return documents.layerSizes(reference);
    }

    @Override
    public BuildCachePrune pruneBuildCache(boolean all) {
        try {
            return cachePruner.prune(all);
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "pruning the build cache");
        }
    }

    // ------------------------------------------------------------------ lookup

    @Override
    public Image inspect(String reference) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Digest configDigest = lookup.configDigestOf(reference, all)
                    .orElseThrow(() -> DockerApiException.noSuchImage(reference));
            return lookup.render(configDigest, all);
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "looking up the image");
        }
    }

    @Override
    public List<Image> list() {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Set<Digest> ids = new LinkedHashSet<>();
            for (dev.berth.api.containerd.images.v1.Image record : all) {
                if (!ImageRecords.buildCache(record.getName())) { // the builder's cache is no image of its own
                    ids.add(resolve(record.getTarget()).configDigest());
                }
            }
            List<Image> images = new ArrayList<>();
            for (Digest id : ids) {
                images.add(lookup.render(id, all));
            }
            return images;
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "listing images");
        }
    }

    ManifestResolver.Resolved resolve(Descriptor target) {
        return manifests.resolve(target);
    }

    // ------------------------------------------------------------------ tag and remove

    @Override
    public void tag(String source, String repository, String tag) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Digest configDigest = lookup.configDigestOf(source, all).orElseThrow(() -> DockerApiException.noSuchImage(source));
            ImageReference target = ImageNames.tagTarget(repository, tag);
            dev.berth.api.containerd.images.v1.Image record = lookup.recordByName(source, all)
                    .orElseGet(() -> all.stream()
                            .filter(r -> resolve(r.getTarget()).configDigest().equals(configDigest))
                            .findFirst().orElseThrow(() -> DockerApiException.noSuchImage(source)));
            records.put(target.name(), record.getTarget(), record.getLabelsMap());
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "tagging the image");
        }
    }

    @Override
    public List<Removal> remove(String reference, boolean force) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Optional<dev.berth.api.containerd.images.v1.Image> byName = lookup.recordByName(reference, all);
            Digest configDigest = lookup.configDigestOf(reference, all).orElseThrow(() -> DockerApiException.noSuchImage(reference));
            List<dev.berth.api.containerd.images.v1.Image> ofImage = all.stream()
                    .filter(r -> !ImageRecords.buildCache(r.getName()))
                    .filter(r -> resolve(r.getTarget()).configDigest().equals(configDigest)).toList();
            List<dev.berth.api.containerd.images.v1.Image> cacheOfImage = all.stream()
                    .filter(r -> ImageRecords.buildCache(r.getName()))
                    .filter(r -> resolve(r.getTarget()).configDigest().equals(configDigest)).toList();
            List<Removal> removals = new ArrayList<>();
            if (byName.isPresent() && !byName.get().getName().startsWith(DANGLING_PREFIX)) {
                // the last name of the image: its blobs and snapshots are collected before we answer
                if (ofImage.size() == 1) {
                    cacheOfImage.forEach(r -> records.delete(r.getName()));
                }
                records.delete(byName.get().getName(), ofImage.size() == 1);
                removals.add(Removal.untagged(ImageReference.parse(byName.get().getName()).familiarName()));
                if (ofImage.size() > 1) {
                    return removals;
                }
            } else {
                Set<String> repositories = new LinkedHashSet<>();
                for (dev.berth.api.containerd.images.v1.Image record : ofImage) {
                    if (!record.getName().startsWith(DANGLING_PREFIX)) {
                        repositories.add(ImageReference.parse(record.getName()).fullRepository());
                    }
                }
                if (repositories.size() > 1 && !force) {
                    throw DockerApiException.conflict("conflict: unable to delete " + configDigest.shortHex()
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                for (dev.berth.api.containerd.images.v1.Image record : cacheOfImage) {
                    records.delete(record.getName(), ofImage.isEmpty() && record == cacheOfImage.getLast());
                }
                for (dev.berth.api.containerd.images.v1.Image record : ofImage) {
                    records.delete(record.getName(), record == ofImage.getLast());
                    if (!record.getName().startsWith(DANGLING_PREFIX)) {
                        removals.add(Removal.untagged(ImageReference.parse(record.getName()).familiarName()));
                    }
                }
            }
            removals.add(Removal.deleted(configDigest.toString()));
            removeBuildParents(resolve(ofImage.isEmpty() ? cacheOfImage.getFirst().getTarget() : ofImage.getFirst().getTarget())
                    .config().path("config").path("Image").asText(""), removals);
            return removals;
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "removing the image");
        }
    }

    /**
     * As Docker deletes a built image's untagged parents: while the parent ({@code config.Image}, which the
     * builder records) is only a build-cache entry and no other image names it as its parent, its cache
     * records go too, each a "Deleted" line.
     */
    private void removeBuildParents(String parentId, List<Removal> removals) {
        String next = parentId;
        while (next != null && next.startsWith("sha256:")) {
            String id = next;
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            List<dev.berth.api.containerd.images.v1.Image> ofParent = all.stream()
                    .filter(r -> resolve(r.getTarget()).configDigest().toString().equals(id)).toList();
            if (ofParent.isEmpty() || ofParent.stream().anyMatch(r -> !ImageRecords.buildCache(r.getName()))) {
                return;
            }
            boolean hasChildren = all.stream().map(r -> resolve(r.getTarget()))
                    .anyMatch(r -> !r.configDigest().toString().equals(id) && id.equals(r.config().path("config").path("Image").asText("")));
            if (hasChildren) {
                return;
            }
            for (dev.berth.api.containerd.images.v1.Image record : ofParent) {
                records.delete(record.getName(), record == ofParent.getLast());
            }
            removals.add(Removal.deleted(id));
            next = resolve(ofParent.getFirst().getTarget()).config().path("config").path("Image").asText("");
        }
    }

    /** gRPC failures of the peer services in Docker's terms. */
    static DockerApiException fromGrpc(StatusRuntimeException e, String doing) {
        String description = e.getStatus().getDescription() == null ? e.getStatus().getCode().toString() : e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT -> new DockerApiException(400, description, e);
            case NOT_FOUND -> new DockerApiException(404, description, e);
            case ALREADY_EXISTS, FAILED_PRECONDITION -> new DockerApiException(409, description, e);
            case UNAVAILABLE -> new DockerApiException(500, doing + ": service unavailable: " + description, e);
            default -> new DockerApiException(500, doing + ": " + description, e);
        };
    }
}
