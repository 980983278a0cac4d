package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
    static final String MANIFEST_OCI = ImageWriter.MANIFEST_OCI;
    static final String MANIFEST_DOCKER = "application/vnd.docker.distribution.manifest.v2+json";
    static final String INDEX_OCI = "application/vnd.oci.image.index.v1+json";
    static final String INDEX_DOCKER = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String CONFIG_OCI = ImageWriter.CONFIG_OCI;
    static final String DANGLING_PREFIX = ImageRecords.DANGLING_PREFIX;
    static final String SIZE_LABEL = ImageRecords.SIZE_LABEL;
    private static final Pattern ID_PREFIX = Pattern.compile("^(sha256:)?[0-9a-f]{1,64}$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContentBlobs blobs;
    private final ImageRecords records;
    private final ImageWriter writer;
    private final ImageCommitter committer;
    /** Manifests and configs never change under their digest, so what was read once stays true. */
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    /** An image record's manifest, read and parsed: config digest and JSON, layers, diff ids. */
    record Resolved(String configDigest, ObjectNode config, List<Descriptor> layers, List<String> diffIds) {}

    public ContentImageService(ServiceClients clients) {
        this.blobs = new ContentBlobs(clients);
        this.records = new ImageRecords(clients);
        this.writer = new ImageWriter(blobs, new LayerUnpacker(clients), records);
        this.committer = new ImageCommitter(clients, writer);
    }

    // ------------------------------------------------------------------ import

    @Override
    public Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message)
            throws IOException {
        ImageReference reference = repository == null || repository.isEmpty() ? null : ImageReference.of(repository, tag);
        if (reference != null && reference.digest() != null) {
            throw DockerApiException.badRequest("cannot import with a digest reference");
        }
        ObjectNode runConfig = MAPPER.createObjectNode();
        DockerfileChanges.apply(runConfig, changes == null ? List.of() : changes);

        LayerIngest.Layer layer;
        try {
            layer = LayerIngest.ingest(blobs, rootfsTar);
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "storing the layer");
        }
        Instant now = Instant.now();
        ObjectNode config = MAPPER.createObjectNode();
        config.put("created", now.toString())
                .put("author", "")
                .put("architecture", "amd64")
                .put("os", "linux");
        if (message != null && !message.isEmpty()) {
            config.put("comment", message);
        }
        config.set("config", runConfig);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layer.diffId());
        ObjectNode history = config.putArray("history").addObject();
        history.put("created", now.toString()).put("created_by", "import");
        if (message != null && !message.isEmpty()) {
            history.put("comment", message);
        }
        Descriptor layerDescriptor = Descriptor.newBuilder()
                .setMediaType(layer.mediaType()).setDigest(layer.digest()).setSize(layer.size()).build();
        try {
            String configDigest = writer.write(config, List.of(layerDescriptor), List.of(layer.diffId()),
                    layer.uncompressedSize(), reference);
            return inspect("sha256:" + Digests.hex(configDigest));
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "importing the image");
        }
    }

    // ------------------------------------------------------------------ commit

    @Override
    public Image commit(CommitRequest request) {
        try {
            String configDigest = committer.commit(request, parentOf(request.parentImageId()));
            return inspect("sha256:" + Digests.hex(configDigest));
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
        String configDigest = resolveConfigDigest(imageId, all).orElseThrow(() -> DockerApiException.noSuchImage(imageId));
        Resolved parent = all.stream().map(r -> resolve(r.getTarget()))
                .filter(r -> r.configDigest().equals(configDigest)).findFirst()
                .orElseThrow(() -> DockerApiException.noSuchImage(imageId));
        return new ImageCommitter.Parent(parent.config(), parent.layers(), parent.diffIds(), render(configDigest, all).size());
    }

    // ------------------------------------------------------------------ lookup

    @Override
    public Image inspect(String reference) {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            String configDigest = resolveConfigDigest(reference, all)
                    .orElseThrow(() -> DockerApiException.noSuchImage(reference));
            return render(configDigest, all);
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "looking up the image");
        }
    }

    @Override
    public List<Image> list() {
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            Set<String> ids = new LinkedHashSet<>();
            for (dev.berth.api.containerd.images.v1.Image record : all) {
                ids.add(resolve(record.getTarget()).configDigest());
            }
            List<Image> images = new ArrayList<>();
            for (String id : ids) {
                images.add(render(id, all));
            }
            return images;
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "listing images");
        }
    }

    /** By name first (as Docker does), then by full id, hex id or unique id prefix. */
    private Optional<String> resolveConfigDigest(String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        Optional<dev.berth.api.containerd.images.v1.Image> byName = recordByName(reference, all);
        if (byName.isPresent()) {
            return Optional.of(resolve(byName.get().getTarget()).configDigest());
        }
        if (!ID_PREFIX.matcher(reference).matches()) {
            return Optional.empty();
        }
        String prefix = reference.startsWith("sha256:") ? reference : "sha256:" + reference;
        Set<String> matches = new LinkedHashSet<>();
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            String id = resolve(record.getTarget()).configDigest();
            if (id.startsWith(prefix)) {
                matches.add(id);
            }
        }
        if (matches.size() > 1) {
            throw DockerApiException.badRequest("multiple IDs found with provided prefix: " + reference);
        }
        return matches.stream().findFirst();
    }

    /** The record a name refers to; a digest reference matches a record of that repository with that manifest. */
    private Optional<dev.berth.api.containerd.images.v1.Image> recordByName(
            String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(reference);
        } catch (DockerApiException notAName) {
            return Optional.empty();
        }
        if (parsed.digest() != null) {
            return all.stream()
                    .filter(r -> r.getTarget().getDigest().equals(parsed.digest()))
                    .filter(r -> r.getName().startsWith(parsed.repository() + ":") || r.getName().startsWith(parsed.repository() + "@"))
                    .findFirst();
        }
        return all.stream().filter(r -> r.getName().equals(parsed.name())).findFirst();
    }

    private Image render(String configDigest, List<dev.berth.api.containerd.images.v1.Image> all) {
        List<String> repoTags = new ArrayList<>();
        Resolved image = null;
        long size = -1;
        Instant lastTagTime = null;
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            Resolved r = resolve(record.getTarget());
            if (!r.configDigest().equals(configDigest)) {
                continue;
            }
            image = r;
            String sizeLabel = record.getLabelsMap().get(SIZE_LABEL);
            if (sizeLabel != null) {
                size = Long.parseLong(sizeLabel);
            }
            if (!record.getName().startsWith(DANGLING_PREFIX)) {
                repoTags.add(ImageReference.parse(record.getName()).familiarName());
            }
        }
        if (image == null) {
            throw new IllegalStateException("no record for " + configDigest);
        }
        if (size < 0) {
            size = image.layers().stream().mapToLong(Descriptor::getSize).sum();
        }
        ObjectNode config = image.config();
        ObjectNode runConfig = config.has("config") && config.get("config").isObject()
                ? (ObjectNode) config.get("config").deepCopy() : MAPPER.createObjectNode();
        return new Image(
                "sha256:" + Digests.hex(configDigest),
                List.copyOf(repoTags),
                List.of(),
                parseTime(config.path("created").asText("")),
                size,
                config.path("architecture").asText("amd64"),
                config.path("os").asText("linux"),
                config.path("author").asText(""),
                config.path("comment").asText(""),
                runConfig,
                image.diffIds(),
                image.diffIds().isEmpty() ? "" : Digests.chainIds(image.diffIds()).getLast());
    }

    private static Instant parseTime(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Reads a manifest (an index resolves to its linux/amd64 manifest) and its config. */
    Resolved resolve(Descriptor target) {
        Resolved known = resolved.get(target.getDigest());
        if (known != null) {
            return known;
        }
        JsonNode manifest = readJson(target.getDigest());
        String mediaType = manifest.path("mediaType").asText(target.getMediaType());
        if (mediaType.equals(INDEX_OCI) || mediaType.equals(INDEX_DOCKER) || manifest.has("manifests")) {
            for (JsonNode entry : manifest.path("manifests")) {
                JsonNode platform = entry.path("platform");
                if (platform.path("os").asText("linux").equals("linux")
                        && platform.path("architecture").asText("amd64").equals("amd64")) {
                    Resolved chosen = resolve(descriptorOf(entry));
                    resolved.put(target.getDigest(), chosen);
                    return chosen;
                }
            }
            throw DockerApiException.notFound("no matching manifest for linux/amd64 in the manifest list entries");
        }
        String configDigest = manifest.path("config").path("digest").asText();
        JsonNode config = readJson(configDigest);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(descriptorOf(layer));
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode diffId : config.path("rootfs").path("diff_ids")) {
            diffIds.add(diffId.asText());
        }
        Resolved r = new Resolved(configDigest, (ObjectNode) config, List.copyOf(layers), List.copyOf(diffIds));
        resolved.put(target.getDigest(), r);
        return r;
    }

    private static Descriptor descriptorOf(JsonNode node) {
        return Descriptor.newBuilder()
                .setMediaType(node.path("mediaType").asText(""))
                .setDigest(node.path("digest").asText())
                .setSize(node.path("size").asLong())
                .build();
    }

    private JsonNode readJson(String digest) {
        try {
            JsonNode node = MAPPER.readTree(blobs.read(digest));
            if (node == null || !node.isObject()) {
                throw DockerApiException.serverError("blob " + digest + " is not a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw DockerApiException.serverError("blob " + digest + " is not valid JSON", e);
        }
    }

    // ------------------------------------------------------------------ tag and remove

    @Override
    public void tag(String source, String repository, String tag) {
        ImageReference target = ImageReference.of(repository, tag);
        if (target.digest() != null) {
            throw DockerApiException.badRequest("refusing to create a tag with a digest reference");
        }
        try {
            List<dev.berth.api.containerd.images.v1.Image> all = records.list();
            String configDigest = resolveConfigDigest(source, all).orElseThrow(() -> DockerApiException.noSuchImage(source));
            dev.berth.api.containerd.images.v1.Image record = recordByName(source, all)
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
            Optional<dev.berth.api.containerd.images.v1.Image> byName = recordByName(reference, all);
            String configDigest = resolveConfigDigest(reference, all).orElseThrow(() -> DockerApiException.noSuchImage(reference));
            List<dev.berth.api.containerd.images.v1.Image> ofImage = all.stream()
                    .filter(r -> resolve(r.getTarget()).configDigest().equals(configDigest)).toList();
            List<Removal> removals = new ArrayList<>();
            if (byName.isPresent() && !byName.get().getName().startsWith(DANGLING_PREFIX)) {
                records.delete(byName.get().getName());
                removals.add(Removal.untagged(ImageReference.parse(byName.get().getName()).familiarName()));
                if (ofImage.size() > 1) {
                    return removals;
                }
            } else {
                Set<String> repositories = new LinkedHashSet<>();
                for (dev.berth.api.containerd.images.v1.Image record : ofImage) {
                    if (!record.getName().startsWith(DANGLING_PREFIX)) {
                        repositories.add(ImageReference.parse(record.getName()).repository());
                    }
                }
                if (repositories.size() > 1 && !force) {
                    throw DockerApiException.conflict("conflict: unable to delete " + Digests.hex(configDigest).substring(0, 12)
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                for (dev.berth.api.containerd.images.v1.Image record : ofImage) {
                    records.delete(record.getName());
                    if (!record.getName().startsWith(DANGLING_PREFIX)) {
                        removals.add(Removal.untagged(ImageReference.parse(record.getName()).familiarName()));
                    }
                }
            }
            removals.add(Removal.deleted("sha256:" + Digests.hex(configDigest)));
            return removals;
        } catch (StatusRuntimeException e) {
            throw fromGrpc(e, "removing the image");
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
