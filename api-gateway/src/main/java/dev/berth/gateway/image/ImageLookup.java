package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds images among the records as Docker does (a name first, then a full id, hex id or unique
 * id prefix) and renders one image from all the records that point at its config: its tags,
 * repo digests, size and config.
 */
final class ImageLookup {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DANGLING_PREFIX = ImageRecords.DANGLING_PREFIX;
    private static final String SIZE_LABEL = ImageRecords.SIZE_LABEL;

    private final ManifestResolver manifests;

    ImageLookup(ManifestResolver manifests) {
        this.manifests = manifests;
    }

    /**
     * By name first (as Docker does), then by full id, hex id or unique id prefix. A reference that is
     * neither an id nor a valid name throws image-spec's InvalidReferenceException (a 400), as moby's
     * GetImage answers before it looks.
     */
    Optional<Digest> configDigestOf(String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        ImageNames.requireLookupReference(reference);
        Optional<dev.berth.api.containerd.images.v1.Image> byName = recordByName(reference, all);
        if (byName.isPresent()) {
            return Optional.of(manifests.resolve(byName.get().getTarget()).configDigest());
        }
        if (!ImageNames.isIdPrefix(reference)) {
            return Optional.empty();
        }
        String prefix = reference.startsWith("sha256:") ? reference : "sha256:" + reference;
        Set<Digest> matches = new LinkedHashSet<>();
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            Digest id = manifests.resolve(record.getTarget()).configDigest();
            if (id.toString().startsWith(prefix)) {
                matches.add(id);
            }
        }
        if (matches.size() > 1) {
            throw DockerApiException.badRequest("multiple IDs found with provided prefix: " + reference);
        }
        return matches.stream().findFirst();
    }

    /** The record a name refers to; a digest reference matches a record of that repository with that manifest. */
    Optional<dev.berth.api.containerd.images.v1.Image> recordByName(
            String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        ImageReference parsed = ImageNames.parseOrNull(reference);
        if (parsed == null) {
            return Optional.empty();
        }
        if (parsed.digest() != null) {
            return all.stream()
                    .filter(r -> r.getTarget().getDigest().equals(parsed.digest().toString()))
                    .filter(r -> r.getName().startsWith(parsed.fullRepository() + ":") || r.getName().startsWith(parsed.fullRepository() + "@"))
                    .findFirst();
        }
        return all.stream().filter(r -> r.getName().equals(parsed.name())).findFirst();
    }

    Image render(Digest configDigest, List<dev.berth.api.containerd.images.v1.Image> all) {
        List<String> repoTags = new ArrayList<>();
        Set<String> repoDigests = new LinkedHashSet<>();
        ManifestResolver.Resolved image = null;
        long size = -1;
        Instant lastTagTime = null;
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            ManifestResolver.Resolved r = manifests.resolve(record.getTarget());
            if (!r.configDigest().equals(configDigest)) {
                continue;
            }
            image = r;
            String sizeLabel = record.getLabelsMap().get(SIZE_LABEL);
            if (sizeLabel != null) {
                size = Long.parseLong(sizeLabel);
            }
            repoDigests.addAll(RepoDigests.fromLabels(record.getLabelsMap()));
            if (!record.getName().startsWith(DANGLING_PREFIX) && !ImageRecords.buildCache(record.getName())) {
                ImageReference name = ImageReference.parse(record.getName());
                // an image pulled by digest is named repo@digest: a repo digest, not a tag
                (name.digest() != null ? repoDigests : repoTags).add(name.familiarName());
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
                configDigest.toString(),
                List.copyOf(repoTags),
                List.copyOf(repoDigests),
                parseTime(config.path("created").asText("")),
                size,
                config.path("architecture").asText("amd64"),
                config.path("os").asText("linux"),
                config.path("author").asText(""),
                config.path("comment").asText(""),
                runConfig,
                image.diffIds().stream().map(Digest::toString).toList(),
                image.diffIds().isEmpty() ? "" : ChainId.of(image.diffIds()).toString());
    }

    private static Instant parseTime(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
