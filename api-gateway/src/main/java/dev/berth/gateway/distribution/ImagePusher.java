package dev.berth.gateway.distribution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.gateway.image.RepoDigests;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import dev.berth.image.MediaTypes;
import dev.berth.image.Platform;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.Descriptor;
import dev.berth.image.manifest.ImageIndex;
import dev.berth.image.manifest.ImageManifest;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryRepository;
import dev.berth.registry.blob.BlobUploader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docker push (POST /images/{name}/push?tag=): the layers as stored (their own media types and
 * digests), the config, then the manifest's stored bytes under the tag, so the registry's digest is
 * the local one. An index is pushed as its host platform's manifest (what a pull keeps of it).
 * Everything after the reference is checked is told in the stream, as moby does.
 */
public final class ImagePusher {
    private static final long PROGRESS_STEP = 512 * 1024;

    private final RegistryClient registries;
    private final ContentImageService images;
    private final LocalContent content;
    private final RepoDigests repoDigests;
    private final EventBus events;

    ImagePusher(RegistryClient registries, ContentImageService images, LocalContent content, RepoDigests repoDigests,
            EventBus events) {
        this.registries = registries;
        this.images = images;
        this.content = content;
        this.repoDigests = repoDigests;
        this.events = events;
    }

    /** The repository to push and the tag (null: every local tag of the repository); 400 for a bad name. */
    public record Target(ImageReference repository, String tag) {}

    public static Target target(String name, String tag) {
        try {
            ImageReference reference = ImageReference.parse(name);
            if (reference.digest() != null) {
                throw DockerApiException.badRequest("cannot push a digest reference");
            }
            if (tag != null && !tag.isEmpty()) {
                return new Target(reference.repositoryOnly(), reference.withTag(tag).tag());
            }
            // parse gives a bare name "latest": only a tag written in the name counts
            boolean tagged = name.lastIndexOf(':') > name.lastIndexOf('/');
            return new Target(reference.repositoryOnly(), tagged ? reference.tag() : null);
        } catch (InvalidReferenceException e) {
            throw DockerApiException.badRequest(e.getMessage());
        }
    }

    public void push(Target target, String registryAuth, ProgressOutput out) throws IOException {
        ImageReference repository = target.repository();
        out.message("", "The push refers to repository [" + repository.fullRepository() + "]");
        List<String> tags = target.tag() != null ? List.of(target.tag()) : localTags(repository);
        if (tags.isEmpty()) {
            throw new IOException("An image does not exist locally with the tag: " + repository.familiarRepository());
        }
        RegistryRepository remote = registries.withCredentials(ImagePuller.credentials(registryAuth, repository)).repository(repository);
        for (String tag : tags) {
            pushTag(repository.withTag(tag), remote, out);
        }
    }

    private List<String> localTags(ImageReference repository) {
        List<String> tags = new ArrayList<>();
        for (dev.berth.gateway.image.Image image : images.list()) {
            for (String name : image.repoTags()) {
                ImageReference reference = ImageReference.parse(name);
                if (reference.repositoryOnly().equals(repository)) {
                    tags.add(reference.tag());
                }
            }
        }
        return tags;
    }

    private void pushTag(ImageReference reference, RegistryRepository remote, ProgressOutput out) throws IOException {
        Image record = content.record(reference.name())
                .orElseThrow(() -> new IOException("tag does not exist: " + reference.familiarName()));
        Digest targetDigest = Digest.parse(record.getTarget().getDigest());
        byte[] manifestBytes = content.read(targetDigest);
        String mediaType = record.getTarget().getMediaType();
        if (MediaTypes.isIndex(mediaType)) {
            Descriptor chosen = ImageIndex.parse(manifestBytes, targetDigest).select(Platform.host())
                    .orElseThrow(() -> new IOException("no matching manifest for " + Platform.host() + " in " + reference.familiarName()));
            manifestBytes = content.read(chosen.digest());
            mediaType = chosen.mediaType();
        }
        ImageManifest manifest = ImageManifest.parse(manifestBytes);
        ImageConfig config = ImageConfig.parse(content.read(manifest.config().digest()), manifest.config().digest());
        List<Descriptor> layers = manifest.layers();
        List<Digest> diffIds = config.diffIds();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            // moby names a layer being pushed by its diff id
            ids.add(ImagePuller.shortId(i < diffIds.size() ? diffIds.get(i) : layers.get(i).digest()));
            out.update(ids.get(i), "Preparing");
        }
        Optional<String> mountFrom = mountSource(record, reference);
        for (int i = 0; i < layers.size(); i++) {
            if (out.cancelled()) {
                throw new IOException("push cancelled: the client went away");
            }
            pushLayer(remote, layers.get(i), ids.get(i), mountFrom, out);
        }
        remote.uploads().push(manifest.config().digest(), manifest.config().size(),
                () -> content.open(manifest.config().digest()), Optional.empty());
        Digest pushed = remote.manifests().put(reference.tag(), manifestBytes, mediaType);
        out.message("", reference.tag() + ": digest: " + pushed + " size: " + manifestBytes.length);
        ObjectNode aux = JsonNodeFactory.instance.objectNode()
                .put("Tag", reference.tag()).put("Digest", pushed.toString()).put("Size", manifestBytes.length);
        out.aux(aux);
        repoDigests.add(reference.name(), reference.familiarRepository() + "@" + pushed);
        events.publish("image", "push", reference.familiarName(), Map.of("name", reference.familiarRepository()));
    }

    /**
     * Another repository of the same registry the image was pulled from or pushed to: its layers can be
     * mounted from there instead of uploaded, as moby does with what it remembers of each layer.
     */
    private static Optional<String> mountSource(Image record, ImageReference target) {
        for (String repoDigest : RepoDigests.fromLabels(record.getLabelsMap())) {
            try {
                ImageReference known = ImageReference.parse(repoDigest);
                if (known.registry().equals(target.registry()) && !known.repository().equals(target.repository())) {
                    return Optional.of(known.repository());
                }
            } catch (IllegalArgumentException ignored) {
                // not a reference: nothing to mount from
            }
        }
        return Optional.empty();
    }

    private void pushLayer(RegistryRepository remote, Descriptor layer, String id, Optional<String> mountFrom, ProgressOutput out)
            throws IOException {
        BlobUploader.Outcome outcome = remote.uploads().push(layer.digest(), layer.size(), () -> {
            out.progress(id, "Pushing", 0, layer.size());
            return new Counting(content.open(layer.digest()), bytes -> out.progress(id, "Pushing", bytes, layer.size()));
        }, mountFrom);
        out.update(id, switch (outcome) {
            case ALREADY_PRESENT -> "Layer already exists";
            case MOUNTED -> "Mounted from " + mountFrom.orElse("");
            case UPLOADED -> "Pushed";
        });
    }

    /** Reports the bytes read every {@value #PROGRESS_STEP} bytes. */
    private static final class Counting extends FilterInputStream {
        private final LocalContent.ByteCounter counter;
        private long count;
        private long reported;

        Counting(InputStream in, LocalContent.ByteCounter counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count - reported >= PROGRESS_STEP) {
                    reported = count;
                    counter.moved(count);
                }
            }
            return n;
        }
    }
}
