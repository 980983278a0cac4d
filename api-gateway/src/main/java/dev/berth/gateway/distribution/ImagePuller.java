package dev.berth.gateway.distribution;

import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.gateway.image.RepoDigests;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidPlatformException;
import dev.berth.image.InvalidReferenceException;
import dev.berth.image.MediaTypes;
import dev.berth.image.Platform;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.manifest.ImageIndex;
import dev.berth.image.manifest.ImageManifest;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryRepository;
import dev.berth.registry.auth.CredentialProvider;
import dev.berth.registry.auth.Credentials;
import dev.berth.registry.auth.DockerAuthConfig;
import dev.berth.registry.manifest.RegistryManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker pull (POST /images/create?fromImage=): the manifest (an index resolves to the platform's
 * entry) and config are fetched before the response begins, so a missing image or a refusal is an
 * HTTP error, as with moby; then layers stream into the content store under a lease, the image is
 * recorded with the registry's own bytes and digests, and progress goes out as Docker's JSON messages.
 */
public final class ImagePuller {
    /** dockerd's max-concurrent-downloads default. */
    static final int CONCURRENT_DOWNLOADS = 3;

    private static final int MAX_CONFIG_SIZE = 16 * 1024 * 1024;
    /** How many bytes between two "Downloading" messages. */
    private static final long PROGRESS_STEP = 512 * 1024;

    private final RegistryClient registries;
    private final ContentImageService images;
    private final LocalContent content;
    private final RepoDigests repoDigests;
    private final EventBus events;

    ImagePuller(RegistryClient registries, ContentImageService images, LocalContent content, RepoDigests repoDigests,
            EventBus events) {
        this.registries = registries;
        this.images = images;
        this.content = content;
        this.repoDigests = repoDigests;
        this.events = events;
    }

    /** What was resolved before the response: the rest of the pull runs in {@link #run}. */
    public final class Prepared {
        private final ImageReference reference;
        private final RegistryRepository repository;
        private final RegistryManifest top;
        private final ImageIndex index;
        private final RegistryManifest manifestBytes;
        private final ImageManifest manifest;
        private final byte[] configBytes;
        private final ImageConfig config;

        private Prepared(ImageReference reference, RegistryRepository repository, RegistryManifest top, ImageIndex index,
                RegistryManifest manifestBytes, ImageManifest manifest, byte[] configBytes, ImageConfig config) {
            this.reference = reference;
            this.repository = repository;
            this.top = top;
            this.index = index;
            this.manifestBytes = manifestBytes;
            this.manifest = manifest;
            this.configBytes = configBytes;
            this.config = config;
        }

        public ImageReference reference() {
            return reference;
        }

        public void run(ProgressOutput out) throws IOException {
            pull(this, out);
        }
    }

    /**
     * @param fromImage the image, possibly with a tag or digest
     * @param tag       a tag or digest that replaces the image's own; empty for "latest" (or the image's)
     * @param platform  os[/arch[/variant]], empty for the host's
     */
    public Prepared prepare(String fromImage, String tag, String platform, String registryAuth) {
        ImageReference reference = reference(fromImage, tag);
        Platform wanted = platform(platform);
        RegistryRepository repository = registries.withCredentials(credentials(registryAuth, reference)).repository(reference);
        String tagOrDigest = reference.digest() != null ? reference.digest().toString() : reference.tag();
        RegistryManifest top;
        try {
            top = repository.manifests().get(tagOrDigest);
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.UNAUTHORIZED) {
                // moby's first request is a HEAD of the tag, and a refusal reads as that request's failure
                String url = registries.endpoint(reference.registry())
                        .resolve("/v2/" + reference.repository() + "/manifests/" + tagOrDigest).toString();
                throw new DockerApiException(500, "Head \"" + url + "\": " + e.getMessage(), e);
            }
            throw RegistryFailures.toApi(e);
        }
        try {
            ImageIndex index = null;
            RegistryManifest manifestBytes = top;
            if (MediaTypes.isIndex(top.mediaType())) {
                index = ImageIndex.parse(top.content(), top.digest());
                dev.berth.image.manifest.Descriptor chosen = index.select(wanted).orElseThrow(() -> DockerApiException.notFound(
                        "no matching manifest for " + wanted + " in the manifest list entries"));
                manifestBytes = repository.manifests().get(chosen.digest());
            } else if (!MediaTypes.isManifest(top.mediaType())) {
                throw DockerApiException.serverError("unsupported manifest media type " + top.mediaType()
                        + " for " + reference.familiarName(), null);
            }
            ImageManifest manifest = ImageManifest.parse(manifestBytes.content(), manifestBytes.digest());
            byte[] configBytes = repository.blobs().readAll(manifest.config().digest(), manifest.config().size(), MAX_CONFIG_SIZE);
            ImageConfig config = ImageConfig.parse(configBytes, manifest.config().digest());
            return new Prepared(reference, repository, top, index, manifestBytes, manifest, configBytes, config);
        } catch (RegistryException e) {
            throw RegistryFailures.toApi(e);
        } catch (IOException e) {
            throw DockerApiException.serverError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw DockerApiException.serverError("invalid image " + reference.familiarName() + ": " + e.getMessage(), e);
        }
    }

    public static ImageReference reference(String fromImage, String tag) {
        try {
            ImageReference reference = ImageReference.parse(fromImage);
            if (tag != null && !tag.isEmpty()) {
                reference = Digest.isValid(tag) ? reference.repositoryOnly().withDigest(Digest.parse(tag))
                        : reference.repositoryOnly().withTag(tag);
            }
            // a tag and a digest: the digest is what is pulled, as Docker does
            return reference.digest() != null ? reference.withoutTag() : reference;
        } catch (InvalidReferenceException e) {
            throw DockerApiException.badRequest(e.getMessage());
        }
    }

    private static Platform platform(String platform) {
        if (platform == null || platform.isEmpty()) {
            return Platform.host();
        }
        try {
            return Platform.parse(platform).normalize();
        } catch (InvalidPlatformException e) {
            throw DockerApiException.badRequest(e.getMessage());
        }
    }

    /**
     * The caller's credentials for the registry of {@code reference}: moby uses X-Registry-Auth for the
     * registry it talks to, whatever serveraddress says. An unreadable header counts as none, as in moby.
     */
    static CredentialProvider credentials(String header, ImageReference reference) {
        Credentials credentials;
        try {
            credentials = DockerAuthConfig.fromHeader(header).credentials();
        } catch (IllegalArgumentException e) {
            return CredentialProvider.none();
        }
        return credentials.isEmpty() ? CredentialProvider.none() : CredentialProvider.forHost(reference.registry(), credentials);
    }

    private void pull(Prepared p, ProgressOutput out) throws IOException {
        ImageReference reference = p.reference;
        out.message(reference.digest() != null ? reference.digest().toString() : reference.tag(),
                "Pulling from " + reference.repository());
        String previousId = currentId(reference);
        images.leased("pull", () -> {
            List<dev.berth.image.manifest.Descriptor> fetched = new ArrayList<>();
            for (dev.berth.image.manifest.Descriptor layer : p.manifest.layers()) {
                if (content.keepIfPresent(layer.digest())) {
                    out.update(shortId(layer.digest()), "Already exists");
                } else {
                    out.update(shortId(layer.digest()), "Pulling fs layer");
                    fetched.add(layer);
                }
            }
            downloadAndUnpack(p, fetched, out);
            content.putBytes(p.manifest.config().digest(), p.configBytes);
            content.putBytes(p.manifestBytes.digest(), p.manifestBytes.content());
            if (p.index != null) {
                content.putBytes(p.top.digest(), p.top.content());
            }
            Descriptor target = Descriptor.newBuilder().setMediaType(p.top.mediaType())
                    .setDigest(p.top.digest().toString()).setSize(p.top.content().length).build();
            images.recordStored(target, p.index, p.manifestBytes.digest(), p.manifest, p.config, reference.name());
            repoDigests.add(reference.name(), reference.familiarRepository() + "@" + p.top.digest());
            return null;
        });
        out.message("", "Digest: " + p.top.digest());
        boolean upToDate = ("sha256:" + p.manifest.config().digest().hex()).equals(previousId);
        out.message("", (upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ") + reference.familiarName());
        events.publish("image", "pull", reference.familiarName(), Map.of("name", reference.familiarRepository()));
    }

    /**
     * Downloads the missing layers side by side, {@value #CONCURRENT_DOWNLOADS} at a time as dockerd
     * does by default, and unpacks each as soon as it and the layers under it are in ("Pull
     * complete"), while the later ones still download. The first failure stops the others. The
     * downloads run in the caller's gRPC context, so their blobs join the pull's lease.
     */
    private void downloadAndUnpack(Prepared p, List<dev.berth.image.manifest.Descriptor> missing, ProgressOutput out)
            throws IOException {
        io.grpc.Context context = io.grpc.Context.current();
        Map<dev.berth.image.Digest, java.util.concurrent.Future<Void>> downloads = new java.util.LinkedHashMap<>();
        List<dev.berth.image.manifest.Descriptor> layers = p.manifest.layers();
        List<dev.berth.image.Digest> diffIds = p.config.diffIds();
        // a fixed set of threads takes the layers in the manifest's order: the bottom layer, which
        // the first unpack waits for, is never the one left to start last
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(CONCURRENT_DOWNLOADS,
                Thread.ofVirtual().name("pull-download-", 0).factory())) {
            for (dev.berth.image.manifest.Descriptor layer : missing) {
                downloads.put(layer.digest(), threads.submit(context.wrap(() -> {
                    download(p.repository, layer, out);
                    return null;
                })));
            }
            for (int i = 0; i < layers.size(); i++) {
                java.util.concurrent.Future<Void> download = downloads.get(layers.get(i).digest());
                if (download != null) {
                    await(download, downloads.values());
                }
                if (i < diffIds.size()) {
                    images.unpack(layers.subList(0, i + 1), diffIds.subList(0, i + 1));
                }
                if (download != null) {
                    out.update(shortId(layers.get(i).digest()), "Pull complete");
                }
            }
        } catch (RuntimeException | IOException e) {
            downloads.values().forEach(other -> other.cancel(true));
            throw e;
        }
    }

    private static void await(java.util.concurrent.Future<Void> download,
            java.util.Collection<java.util.concurrent.Future<Void>> all) throws IOException {
        try {
            download.get();
        } catch (java.util.concurrent.ExecutionException e) {
            all.forEach(other -> other.cancel(true));
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(other -> other.cancel(true));
            throw new IOException("pull interrupted", e);
        }
    }

    private void download(RegistryRepository repository, dev.berth.image.manifest.Descriptor layer, ProgressOutput out)
            throws IOException {
        if (out.cancelled()) {
            throw new IOException("pull cancelled: the client went away");
        }
        String id = shortId(layer.digest());
        long[] reported = {0};
        try (InputStream in = repository.blobs().open(layer.digest(), layer.size())) {
            content.putStream(layer.digest(), layer.size(), in, bytes -> {
                if (bytes - reported[0] >= PROGRESS_STEP || bytes == layer.size()) {
                    reported[0] = bytes;
                    out.progress(id, "Downloading", bytes, layer.size());
                }
            });
        }
        out.update(id, "Verifying Checksum");
        out.update(id, "Download complete");
    }

    /** The image id the name has now, or null. */
    private String currentId(ImageReference reference) {
        try {
            return images.inspect(reference.name()).id();
        } catch (DockerApiException e) {
            return null;
        }
    }

    /** Docker's 12-character id of a layer in progress messages. */
    static String shortId(Digest digest) {
        return digest.hex().substring(0, 12);
    }
}
